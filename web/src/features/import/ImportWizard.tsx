import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useGo } from '../../shared/useGo';
import { useSession } from '../../shared/SessionContext';
import { Icon } from '../../shared/ui/Icon';
import { PageHeader } from '../../shared/ui/PageHeader';
import { importApi, type ImportEntity, type ImportReport } from './import-api';
import { ENTITY_WORDS, STEPS, importPath, parseWizardLocation, type StepId } from './import-paths';
import { ImportHistoryPage } from './ImportHistoryPage';
import { CheckStep } from './steps/CheckStep';
import { ChooseFileStep } from './steps/ChooseFileStep';
import { FoundStep } from './steps/FoundStep';
import { MapStep } from './steps/MapStep';
import { ProgressStep } from './steps/ProgressStep';
import { ResultStep } from './steps/ResultStep';

/** Where the wizard stands, shown as a list of steps with the current one marked. */
function Stepper({ current }: { current: StepId }) {
  const at = STEPS.findIndex((s) => s.id === current);
  return (
    <ol className="stepper" aria-label="Import steps">
      {STEPS.map((s, i) => (
        <li key={s.id} className={i < at ? 'done' : i === at ? 'current' : undefined} aria-current={i === at ? 'step' : undefined}>
          <span className="stepper-number" aria-hidden="true">
            {i + 1}
          </span>
          <span className="stepper-label">{s.label}</span>
        </li>
      ))}
    </ol>
  );
}

/**
 * The import wizard of one record kind, at `/{entity}/import/…`: each step has its own URL
 * (the import's id and the step), so a reload or a shared link opens the same import at the
 * same step. Every step calls the HTTP API; no import rule lives here. Admins only.
 */
export function ImportWizard({ entity }: { entity: ImportEntity }) {
  const { user } = useSession();
  const navigate = useGo();
  const { '*': rest = '' } = useParams();
  const [search] = useSearchParams();
  const queryClient = useQueryClient();
  const words = ENTITY_WORDS[entity];
  const location = parseWizardLocation(
    rest.split('/').filter((s) => s !== ''),
    search,
  );
  const back = { to: words.listPath, label: words.title };
  // The import whose users the admin asked to invite on the confirm step. Kept in memory only, so
  // that a reload of the result page offers the invitations again rather than sending them itself.
  const [inviteFor, setInviteFor] = useState<number | null>(null);

  if (user.role !== 'admin')
    return (
      <>
        <PageHeader title={`Import ${words.plural}`} back={back} />
        <div className="panel panel-padded" role="alert">
          <h2>Not allowed</h2>
          <p>Only admins can import {words.plural}. Ask an admin of your helpdesk to import the file for you.</p>
        </div>
      </>
    );

  if (location.step === 'history') return <ImportHistoryPage entity={entity} />;

  const { id, params } = location;
  const overrides: { encoding?: string; delimiter?: string } = {
    encoding: params.get('encoding') ?? undefined,
    delimiter: params.get('delimiter') ?? undefined,
  };
  const go = (step: StepId, target: number | undefined, query: Record<string, string | number | undefined> = {}, replace = false) =>
    navigate(importPath(entity, step, target, query), { replace });
  const remember = (report: ImportReport) => queryClient.setQueryData(['import', report.id, 100], report);

  let body;
  if (location.step === 'choose' || id === undefined) {
    body = (
      <ChooseFileStep entity={entity} templateUrl={importApi.templateCsvUrl(entity)} onUploaded={(upload) => go('found', upload.id)} />
    );
  } else {
    switch (location.step) {
      case 'found':
        body = (
          <FoundStep
            id={id}
            overrides={overrides}
            onOverrides={(next) => go('found', id, { ...next }, true)}
            onBack={() => go('choose', undefined)}
            onNext={() => go('map', id, { ...overrides })}
          />
        );
        break;
      case 'map':
        body = (
          <MapStep
            entity={entity}
            id={id}
            overrides={overrides}
            sampleParam={params.get('sample')}
            onBack={() => go('found', id, { ...overrides })}
            onChecked={(report, sample) => {
              remember(report);
              go('check', report.id, { sample: sample ?? 0, ...overrides });
            }}
          />
        );
        break;
      case 'check': {
        const sampleParam = Number(params.get('sample') ?? 0);
        body = (
          <CheckStep
            entity={entity}
            id={id}
            sample={sampleParam > 0 ? sampleParam : null}
            onBack={(report) =>
              go('map', report.id, {
                encoding: overrides.encoding,
                delimiter: overrides.delimiter,
                sample: sampleParam,
              })
            }
            onChecked={(report) => {
              remember(report);
              go('check', report.id, { sample: sampleParam, ...overrides });
            }}
            onStarted={(report, invite) => {
              setInviteFor(invite ? report.id : null);
              go('progress', report.id);
            }}
          />
        );
        break;
      }
      case 'progress':
        body = (
          <ProgressStep
            id={id}
            onDone={(report) => {
              remember(report);
              void queryClient.invalidateQueries({ queryKey: ['imports'] });
              go('result', id, {}, true);
            }}
          />
        );
        break;
      case 'result':
        body = (
          <ResultStep
            entity={entity}
            id={id}
            inviteNow={inviteFor === id}
            onInviting={() => setInviteFor(null)}
            onRemaining={(report) => {
              remember(report);
              go('check', report.id, { sample: 0 });
            }}
            onClose={() => navigate(words.listPath)}
          />
        );
        break;
    }
  }

  return (
    <>
      <PageHeader
        title={`Import ${words.plural}`}
        back={back}
        actions={
          <Link to={importPath(entity, 'history')} className="button">
            <Icon name="tools" size={16} />
            Import history
          </Link>
        }
      />
      <Stepper current={location.step} />
      {body}
    </>
  );
}
