import { ProgramTable } from './ProgramTable';

/** The shell of the admin SPA; the screens themselves are built in the SPA issue. */
export function App() {
  return (
    <>
      <header className="top">
        <strong>Schoolmix</strong> <span>Plan Samenleven · actie 20: sociale mix in scholen bevorderen</span>
      </header>
      <main>
        <h1>Programma per projectperiode</h1>
        <ProgramTable />
      </main>
    </>
  );
}
