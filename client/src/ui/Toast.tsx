import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';

interface Toast {
  id: number;
  text: string;
  tone: 'ok' | 'error';
}

const ToastContext = createContext<(text: string, tone?: Toast['tone']) => void>(() => {});
const ToastListContext = createContext<{ toasts: Toast[]; host: (delta: number) => void }>({ toasts: [], host: () => {} });

/** The live region with the toasts; `inline` = in the page's flow (the frame's), else fixed in a corner. */
function Region({ toasts, inline }: { toasts: Toast[]; inline: boolean }) {
  return (
    <div className={inline ? 'toasts toasts-inline' : 'toasts'} role="status" aria-live="polite">
      {toasts.map((toast) => (
        <p key={toast.id} className={`toast toast-${toast.tone}`}>
          {toast.text}
        </p>
      ))}
    </div>
  );
}

/**
 * Short confirmations after a save ("Opgeslagen."), announced politely to screen readers. Inside
 * the frame they are shown by `ToastRegion`, in the page's flow above the screen, so they never
 * cover a form or a button (issue 18: on a phone a fixed toast hid the fields); screens without the
 * frame (sign-in, component tests) get the fixed region of the provider itself.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [hosts, setHosts] = useState(0);
  const show = useCallback((text: string, tone: Toast['tone'] = 'ok') => {
    const id = Date.now() + Math.random();
    setToasts((list) => [...list, { id, text, tone }]);
    setTimeout(() => setToasts((list) => list.filter((toast) => toast.id !== id)), 5000);
  }, []);
  const host = useCallback((delta: number) => setHosts((n) => n + delta), []);
  const list = useMemo(() => ({ toasts, host }), [toasts, host]);
  return (
    <ToastContext.Provider value={show}>
      <ToastListContext.Provider value={list}>
        {children}
        {hosts === 0 && <Region toasts={toasts} inline={false} />}
      </ToastListContext.Provider>
    </ToastContext.Provider>
  );
}

/** Where the frame shows the toasts: in the flow of the page, above the screen. */
export function ToastRegion() {
  const { toasts, host } = useContext(ToastListContext);
  useEffect(() => {
    host(1);
    return () => host(-1);
  }, [host]);
  return <Region toasts={toasts} inline />;
}

export const useToast = () => useContext(ToastContext);
