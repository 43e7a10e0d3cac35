import type { EntityManager } from '@mikro-orm/sql';
import type { ProjectStatus } from '@schoolmix/shared';
import type { Viewer } from '../auth/viewer.js';
import type { Project } from './project.entity.js';
import { ProjectTransition } from './project-transition.entity.js';

/**
 * Records a project's status change in `project_transition`, in the caller's transaction (the
 * row is flushed with the change itself). Call it after the status moved.
 */
export function recordTransition(em: EntityManager, project: Project, from: ProjectStatus, note: string | null | undefined, viewer: Viewer, at: Date): ProjectTransition {
  return em.create(ProjectTransition, {
    project,
    fromStatus: from,
    toStatus: project.status,
    note: note?.trim() || null,
    actorUserId: viewer.kind === 'user' ? viewer.id : null,
    actorLabel: viewer.label,
    at,
  });
}
