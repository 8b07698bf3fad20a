import type { FieldValue, Property } from '../types';
import { languageName, languageOptions, suggestedValuesOf, timeZoneOptions } from '../value-suggestions';

const LONG_TEXT = new Set(['description', 'notes', 'address']);
const INPUT_TYPE: Record<Property['type'], string> = {
  text: 'text',
  email: 'email',
  phone: 'tel',
  date: 'date',
  number: 'number',
  boolean: 'checkbox',
  choice: 'select',
  url: 'url',
};

/**
 * One labelled input for a property, chosen by its type, with the server's message for that
 * field shown under it and tied to it with aria-describedby. A language or a time zone is typed
 * with suggestions (a datalist) of the values the server accepts; a language shows its name.
 */
export function FieldInput({
  property,
  value,
  error,
  onChange,
  idPrefix,
}: {
  property: Property;
  value: FieldValue | undefined;
  error?: string;
  onChange: (value: FieldValue) => void;
  idPrefix: string;
}) {
  const id = `${idPrefix}-${property.key}`;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const text = value === null || value === undefined ? '' : String(value);
  const suggested = suggestedValuesOf(property);
  const hint = suggested === 'language' && text.trim() !== '' ? languageName(text.trim()) : undefined;
  const describedBy = [hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ');
  const common = {
    id,
    name: property.key,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy || undefined,
    required: property.required,
  };
  let control;
  if (property.type === 'boolean') {
    control = (
      <input type="checkbox" {...common} checked={value === true || value === 'true'} onChange={(e) => onChange(e.target.checked)} />
    );
  } else if (property.type === 'choice') {
    control = (
      <select {...common} value={text} onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}>
        <option value="">—</option>
        {(property.choices ?? []).map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    );
  } else if (LONG_TEXT.has(property.key)) {
    control = <textarea {...common} rows={4} value={text} onChange={(e) => onChange(e.target.value)} />;
  } else if (suggested) {
    const listId = `${id}-suggestions`;
    control = (
      <>
        <input type="text" {...common} list={listId} autoComplete="off" value={text} onChange={(e) => onChange(e.target.value)} />
        <datalist id={listId}>
          {suggested === 'language'
            ? languageOptions().map((l) => (
                <option key={l.code} value={l.code}>
                  {l.name}
                </option>
              ))
            : timeZoneOptions().map((zone) => <option key={zone} value={zone} />)}
        </datalist>
      </>
    );
  } else {
    control = <input type={INPUT_TYPE[property.type]} {...common} value={text} onChange={(e) => onChange(e.target.value)} />;
  }
  return (
    <div className={property.type === 'boolean' ? 'field field-checkbox' : LONG_TEXT.has(property.key) ? 'field field-wide' : 'field'}>
      <label htmlFor={id}>
        {property.label}
        {property.required ? (
          <span className="required" aria-hidden="true">
            {' '}
            *
          </span>
        ) : null}
      </label>
      {control}
      {hint ? (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
