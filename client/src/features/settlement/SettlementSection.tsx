import { useT } from '../../i18n';
import { fmt } from '../../ui/format';
import { Count } from '../../ui/States';
import { FactTable } from '../../ui/DataTable';
import './settlement.i18n';

/** The money of one project as the API answers it (Project.settlement). */
export interface SettlementFigures {
  target: number;
  reached: number | null;
  advanceShare: number;
  granted: number;
  advance: number;
  earned: number | null;
  toPay: number | null;
  toRecover: number | null;
  withheld: boolean;
}

/** A euro amount, or the withheld mark when the API withholds it. */
function Euro({ value }: { value: number | null }) {
  return value == null ? <Count value={null} /> : <>{fmt.euro(value)}</>;
}

/** The balance in words: to pay, to recover, or none. */
export function Balance({ s }: { s: SettlementFigures }) {
  const { t } = useT('settlement');
  if (s.toPay == null || s.toRecover == null) return <Count value={null} />;
  if (s.toPay > 0) return <>{t('section.balancePay', { amount: fmt.euro(s.toPay) })}</>;
  if (s.toRecover > 0) return <>{t('section.balanceRecover', { amount: fmt.euro(s.toRecover) })}</>;
  return <>{t('section.balanceNone')}</>;
}

/** "Afrekening" on the project page and in the dossier: granted, advance, earned, and the balance. */
export function SettlementSection({ settlement, headingLevel = 2 }: { settlement: SettlementFigures | null; headingLevel?: 2 | 3 }) {
  const { t } = useT('settlement');
  const H = `h${headingLevel}` as const;
  return (
    <section aria-labelledby="settlement-title" className="settlement">
      <H id="settlement-title">{t('section.title')}</H>
      {!settlement ? (
        <p className="notice">{t('section.notFunded')}</p>
      ) : (
        <>
          <p className="lead">{t('section.lead')}</p>
          {settlement.withheld && <p className="notice">{t('section.withheld')}</p>}
          <FactTable
            caption={t('section.table')}
            numeric
            facts={[
              { key: 'reached', label: t('reached'), value: <Count value={settlement.reached} /> },
              { key: 'target', label: t('target'), value: fmt.int(settlement.target) },
              { key: 'granted', label: t('granted'), value: fmt.euro(settlement.granted) },
              { key: 'advance', label: t('advance', { share: settlement.advanceShare }), value: fmt.euro(settlement.advance) },
              { key: 'earned', label: t('earned'), value: <Euro value={settlement.earned} /> },
              { key: 'toPay', label: t('toPay'), value: <Euro value={settlement.toPay} /> },
              { key: 'toRecover', label: t('toRecover'), value: <Euro value={settlement.toRecover} /> },
              {
                key: 'balance',
                label: t('section.balance'),
                className: 'balance',
                value: (
                  <strong>
                    <Balance s={settlement} />
                  </strong>
                ),
              },
            ]}
          />
        </>
      )}
    </section>
  );
}
