import { Component, type ErrorInfo, type ReactNode } from 'react';
import { i18next } from '../i18n';

interface State {
  error: Error | null;
}

/** Catches a crashed screen: says so, offers a retry, keeps the rest of the app usable. */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: unknown }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('screen crashed', error, info.componentStack);
  }

  override componentDidUpdate(previous: { resetKey?: unknown }): void {
    if (this.state.error && previous.resetKey !== this.props.resetKey) this.setState({ error: null });
  }

  override render() {
    if (!this.state.error) return this.props.children;
    const t = i18next.t.bind(i18next);
    return (
      <div className="error-state" role="alert">
        <p>{t('state.error', { message: this.state.error.message })}</p>
        <button type="button" onClick={() => this.setState({ error: null })}>
          {t('state.retry')}
        </button>
      </div>
    );
  }
}
