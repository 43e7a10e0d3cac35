import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ToastProvider, ToastRegion, useToast } from './Toast';

function Saves() {
  const toast = useToast();
  return (
    <button type="button" onClick={() => toast('Opgeslagen.')}>
      Bewaar
    </button>
  );
}

/** A frame that can be taken away: the toasts fall back to the provider's own region. */
function Frame() {
  const [framed, setFramed] = useState(true);
  return (
    <>
      <button type="button" onClick={() => setFramed(false)}>
        Zonder kader
      </button>
      {framed && (
        <main>
          <ToastRegion />
        </main>
      )}
      <Saves />
    </>
  );
}

afterEach(cleanup);

describe('toasts', () => {
  it('show in the frame’s region, in the flow of the page; without a frame in the fixed corner region', async () => {
    const user = userEvent.setup();
    render(
      <ToastProvider>
        <Frame />
      </ToastProvider>,
    );
    expect(document.querySelectorAll('.toasts')).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Bewaar' }));
    const toast = await screen.findByText('Opgeslagen.');
    expect(toast.closest('.toasts')?.classList.contains('toasts-inline')).toBe(true);
    expect(toast.closest('main')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Zonder kader' }));
    const fixed = document.querySelectorAll('.toasts');
    expect(fixed).toHaveLength(1);
    expect(fixed[0]!.classList.contains('toasts-inline')).toBe(false);
    expect(fixed[0]!.getAttribute('role')).toBe('status');
    expect(fixed[0]!.textContent).toBe('Opgeslagen.');
  });
});
