import { errorMessage } from '../api';
import { Icon } from './Icon';

/** An error said in a sentence, announced to screen readers; renders nothing when there is no error. */
export function ErrorBanner({ error, onDismiss }: { error: unknown; onDismiss?: () => void }) {
  if (error === undefined || error === null) return null;
  return (
    <div className="error-banner" role="alert">
      <Icon name="alert" />
      <span>{errorMessage(error)}</span>
      {onDismiss ? (
        <button type="button" className="icon-button" onClick={onDismiss} aria-label="Dismiss">
          <Icon name="close" size={16} />
        </button>
      ) : null}
    </div>
  );
}
