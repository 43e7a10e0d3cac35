import { useT } from '../../i18n';
import { fmt } from '../../ui/format';
import { Count } from '../../ui/States';
import { TableWrap } from '../../ui/TableWrap';
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
          <TableWrap label={t('section.table')}>
            <table>
              <caption className="visually-hidden">{t('section.table')}</caption>
              <tbody>
                <tr>
                  <th scope="row">{t('reached')}</th>
                  <td className="num">
                    <Count value={settlement.reached} />
                  </td>
                </tr>
                <tr>
                  <th scope="row">{t('target')}</th>
                  <td className="num">{fmt.int(settlement.target)}</td>
                </tr>
                <tr>
                  <th scope="row">{t('granted')}</th>
                  <td className="num">{fmt.euro(settlement.granted)}</td>
                </tr>
                <tr>
                  <th scope="row">{t('advance', { share: settlement.advanceShare })}</th>
                  <td className="num">{fmt.euro(settlement.advance)}</td>
                </tr>
                <tr>
                  <th scope="row">{t('earned')}</th>
                  <td className="num">
                    <Euro value={settlement.earned} />
                  </td>
                </tr>
                <tr>
                  <th scope="row">{t('toPay')}</th>
                  <td className="num">
                    <Euro value={settlement.toPay} />
                  </td>
                </tr>
                <tr>
                  <th scope="row">{t('toRecover')}</th>
                  <td className="num">
                    <Euro value={settlement.toRecover} />
                  </td>
                </tr>
                <tr className="balance">
                  <th scope="row">{t('section.balance')}</th>
                  <td className="num">
                    <strong>
                      <Balance s={settlement} />
                    </strong>
                  </td>
                </tr>
              </tbody>
            </table>
          </TableWrap>
        </>
      )}
    </section>
  );
}
