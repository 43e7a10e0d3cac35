import { describe, expect, it } from 'vitest';
import { expectAccessible, gql, pdfText, screenshot, signIn, useRig } from './support.js';

/** nl-BE euros as the SPA writes them (€ 47.770,00), with an ordinary space. */
const euro = (n: number) => new Intl.NumberFormat('nl-BE', { style: 'currency', currency: 'EUR' }).format(n).replace(/\s/g, ' ');

/**
 * The printable dossier (issue 14): a reviewer opens a funded project, follows "Dossier", and
 * Chromium prints the page to PDF (A4, as its CSS asks). The PDF must hold the key figures —
 * reached households, the granted subsidy, the balance — and the page numbers; the period's
 * settlement table adds up to the programme table's "uitbetaald" and "terug te vorderen".
 */
describe('the printable dossier', () => {
  const rig = useRig();

  it('prints a funded project’s dossier to an A4 PDF that holds reached, granted and the balance', async () => {
    const page = await rig.page();
    await signIn(page, rig.url, 'reviewer@schoolmix.demo');
    const { projects } = await gql<{ projects: { nodes: { id: string; title: string; settlement: { reached: number; granted: number; toPay: number; toRecover: number } | null }[] } }>(
      page,
      `{ projects(first: 100) { nodes { id title settlement { reached granted toPay toRecover } } } }`,
    );
    const project = projects.nodes.find((p) => p.title === 'Kies mee voor je buurtschool – Gent 2025')!;
    const money = project.settlement!;
    expect(money.reached).toBeGreaterThan(0);

    await page.goto(`${rig.url}/projecten/${project.id}`);
    await page.getByRole('region', { name: 'Afrekening' }).waitFor();
    await page.getByRole('link', { name: 'Dossier (afdrukken)' }).click();
    await page.getByRole('heading', { level: 1, name: `Dossier ${project.title}` }).waitFor();
    await page.getByRole('table', { name: 'Activiteiten van het project' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Geschiedenis' }).waitFor();
    // No menu on the dossier; the print button is there on screen.
    expect(await page.getByRole('navigation').count()).toBe(0);
    await page.getByRole('button', { name: 'Afdrukken / PDF' }).waitFor();
    await expectAccessible(page, 'dossier');
    await screenshot(page, 'dossier');

    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: 'Afdrukken / PDF' }).isVisible()).toBe(false);
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const { pages, text, size } = await pdfText(new Uint8Array(pdf));
    expect(pages).toBeGreaterThanOrEqual(1);
    const all = text.join(' ');
    expect(all).toContain(`Dossier ${project.title}`);
    expect(all).toMatch(new RegExp(`Bereikt ${money.reached}\\b`));
    expect(all).toContain(`Toegekend ${euro(money.granted)}`);
    const balance = money.toPay > 0 ? `Uit te betalen: ${euro(money.toPay)}` : money.toRecover > 0 ? `Terug te vorderen: ${euro(money.toRecover)}` : 'Geen saldo';
    expect(all).toContain(`Saldo ${balance}`);
    expect(all).toContain('Eindrapportage');
    // Page numbers from the @page margin box, on every page.
    for (const [i, pageText] of text.entries()) expect(pageText).toContain(`Pagina ${i + 1} / ${pages}`);
    // A4 portrait: 595 × 842 points.
    expect(size).toEqual([595, 842]);
    await page.close();
  });

  it('shows the period’s settlement table whose totals are the programme table’s paid and to recover', async () => {
    const page = await rig.page();
    await signIn(page, rig.url, 'reviewer@schoolmix.demo');
    const programme = page.getByRole('table', { name: 'Actie 20 per projectperiode' });
    const row = programme.getByRole('row', { name: /Projectperiode 3/ });
    await row.waitFor();
    // The paid cell's link says where it leads after the amount, for screen readers only.
    const [paid, toRecover] = (await row.getByRole('cell').allTextContents()).slice(-2).map((c) => c.replace(/ – Afrekening .*$/, ''));
    await row.getByRole('link', { name: /Afrekening Projectperiode 3/ }).click();
    const table = page.getByRole('table', { name: /^Afrekening per project, Projectperiode 3/ });
    await table.waitFor();
    const totals = await table.getByRole('row', { name: /^Totaal/ }).getByRole('cell').allTextContents();
    expect(totals.slice(-2)).toEqual([paid, toRecover]);
    expect(paid).toMatch(/^€/);
    await expectAccessible(page, 'afrekening');
    await screenshot(page, 'settlement');
    await page.close();
  });
});
