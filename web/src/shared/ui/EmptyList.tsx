import type { ReactNode } from 'react';
import './empty-list.css';

/** A list that is empty because its search or filters hide everything: say so, and offer the way back. */
export function EmptyFiltered({ message, onClear }: { message: string; onClear: () => void }) {
  return (
    <div className="empty-list">
      <p>{message}</p>
      <button type="button" className="button" onClick={onClear}>
        Clear filters
      </button>
    </div>
  );
}

/** A list with nothing in it yet: the sentence names the next step, `children` are its links. */
export function EmptyStart({ children }: { children: ReactNode }) {
  return <div className="empty-list">{children}</div>;
}
