import { useMutation } from '@apollo/client/react';
import { LIMITS } from '@schoolmix/shared';
import { useState } from 'react';
import type { ProjectDetailQuery } from '../../gql/graphql';
import { useT } from '../../i18n';
import { Field } from '../../ui/Field';
import { fmt } from '../../ui/format';
import { useErrorMessage } from '../../ui/States';
import { StatusBadge } from '../../ui/StatusBadge';
import { DataTable } from '../../ui/DataTable';
import { useToast } from '../../ui/Toast';
import { ProjectSubmitMutation } from './project-submit.mutation';
import { paths } from '../../app/paths';
import { FormActions } from '../../ui/FormActions';

type Project = NonNullable<ProjectDetailQuery['project']>;

/**
 * A draft application on its page, for its coordinator (or an administrator): edit it, or
 * submit it with an optional note. The window is shown; the server decides.
 */
export function SubmitPanel({ project, onStale }: { project: Project; onStale: () => void }) {
  const { t } = useT('projects');
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [submit, { loading }] = useMutation(ProjectSubmitMutation);
  if (project.status !== 'DRAFT') return null;
  const period = project.fundingPeriod;
  const vars = { from: fmt.date(period.applicationsOpenOn), to: fmt.date(period.applicationsCloseOn) };

  async function send() {
    setProblem(null);
    try {
      const result = await submit({ variables: { input: { id: project.id, version: project.version, ...(note.trim() ? { note: note.trim() } : {}) } } });
      const payload = result.data?.submitProject;
      if (!payload) return;
      if (payload.userErrors.length > 0) {
        setProblem(payload.userErrors.map((e) => t(`submit.errors.${e.code}`, { ...vars, defaultValue: e.message })).join(' '));
        if (payload.userErrors.some((e) => e.code === 'STALE_VERSION' || e.code === 'INVALID_TRANSITION')) onStale();
        return;
      }
      toast(t('submit.done'));
    } catch (error) {
      setProblem(t('submit.failed', { message: errorMessage(error as Error) }));
    }
  }

  return (
    <section aria-labelledby="submit-title" className="review">
      <h2 id="submit-title">{t('submit.title')}</h2>
      <p>{t('submit.intro')}</p>
      <p className="hint">{t('submit.window', vars)}</p>
      {problem && <div role="alert">{problem}</div>}
      <form
        className="form"
        noValidate
        aria-labelledby="submit-title"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <Field id="submit-note" label={t('submit.note')}>
          <textarea id="submit-note" rows={2} maxLength={LIMITS.noteMaxLength} value={note} onChange={(e) => setNote(e.target.value)} />
        </Field>
        <FormActions busy={loading} label={t('submit.button')} busyLabel={t('submit.busy')} cancel={{ label: t('submit.edit'), to: paths.projectEdit(project.id) }} />
      </form>
    </section>
  );
}

/** "Verloop": every status change of the project — when, who, from → to, and the note. */
export function History({ project }: { project: Project }) {
  const { t } = useT('projects');
  return (
    <section aria-labelledby="transitions-title">
      <h2 id="transitions-title">{t('history.title')}</h2>
      {project.transitions.length === 0 ? (
        <p>{t('history.empty')}</p>
      ) : (
        <DataTable
          caption={t('history.caption')}
          captionHidden
          className="history"
          rows={project.transitions}
          rowKey={(tr) => tr.id}
          columns={[
            { key: 'when', header: t('history.when'), cell: (tr) => fmt.dateTime(tr.at) },
            { key: 'who', header: t('history.who'), cell: (tr) => tr.actorLabel },
            {
              key: 'change',
              header: t('history.change'),
              cell: (tr) => (
                <>
                  <StatusBadge status={tr.from} /> → <StatusBadge status={tr.to} />
                </>
              ),
            },
            { key: 'note', header: t('history.note'), cell: (tr) => tr.note ?? '—' },
          ]}
        />
      )}
    </section>
  );
}
