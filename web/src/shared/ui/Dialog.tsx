import * as RadixDialog from '@radix-ui/react-dialog';
import { useLayoutEffect, useRef, type ReactElement, type ReactNode, type Ref, type RefObject } from 'react';

/**
 * The dialog open now, if any. Dialogs never stack: opening one closes this one first, so a
 * keyboard or screen-reader user is never inside two focus traps at once.
 */
let openDialog: { close: () => void } | undefined;

/**
 * A modal dialog (Radix Dialog, the WAI-ARIA dialog pattern): a title and a description that
 * screen readers read on opening, focus kept inside, Escape or the overlay closes it, and focus
 * goes back to `trigger` when it closes. Only one is open at a time.
 *
 * `trigger` is the button that opens it (rendered in place); without one, the caller opens the
 * dialog by mounting it or setting `open`.
 */
export function Dialog({
  open,
  onOpenChange,
  title,
  description,
  trigger,
  alert,
  initialFocus,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  trigger?: ReactElement;
  /** An alertdialog: a question that interrupts, such as a confirmation. */
  alert?: boolean;
  /** What to focus on opening, instead of the first focusable element. */
  initialFocus?: RefObject<HTMLElement | null>;
  children: ReactNode;
}) {
  const closedByAnother = useRef(false);
  const onOpenChangeRef = useRef(onOpenChange);
  useLayoutEffect(() => {
    onOpenChangeRef.current = onOpenChange;
  });
  useLayoutEffect(() => {
    if (!open) return;
    const self = {
      close: () => {
        closedByAnother.current = true;
        onOpenChangeRef.current(false);
      },
    };
    openDialog?.close();
    openDialog = self;
    closedByAnother.current = false;
    return () => {
      if (openDialog === self) openDialog = undefined;
    };
  }, [open]);

  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      {trigger ? <RadixDialog.Trigger asChild>{trigger}</RadixDialog.Trigger> : null}
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="dialog-overlay" />
        <RadixDialog.Content
          className="dialog"
          role={alert ? 'alertdialog' : 'dialog'}
          // Radix names the description itself; without one, say so rather than point at nothing.
          {...(description ? {} : { 'aria-describedby': undefined })}
          onOpenAutoFocus={(event) => {
            if (!initialFocus?.current) return;
            event.preventDefault();
            initialFocus.current.focus();
          }}
          onCloseAutoFocus={(event) => {
            // The dialog that replaced this one holds the focus now; the trigger must not take it back.
            if (closedByAnother.current) event.preventDefault();
          }}
        >
          <RadixDialog.Title className="dialog-title">{title}</RadixDialog.Title>
          {description ? <RadixDialog.Description className="dialog-description">{description}</RadixDialog.Description> : null}
          {children}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

/** A button that closes the dialog around it. */
export function DialogClose({ children, disabled, ref }: { children: ReactNode; disabled?: boolean; ref?: Ref<HTMLButtonElement> }) {
  return (
    <RadixDialog.Close asChild>
      <button ref={ref} type="button" className="button" disabled={disabled}>
        {children}
      </button>
    </RadixDialog.Close>
  );
}

/**
 * The buttons at the foot of a dialog: its own action (`children`) first, then Cancel, which
 * closes it. Cancel is disabled while the action runs, so its outcome is always shown.
 */
export function DialogActions({ busy, children }: { busy?: boolean; children: ReactNode }) {
  return (
    <div className="form-actions">
      {children}
      <DialogClose disabled={busy}>Cancel</DialogClose>
    </div>
  );
}
