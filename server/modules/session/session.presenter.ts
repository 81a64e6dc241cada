import type { Database } from '../../db/connect.js';
import type { Viewer } from '../../platform/auth/viewer.js';
import { findPractice } from '../practice/practice.repository.js';
import type { ViewerResponse } from './session.schema.js';

/** The signed-in person as they see themselves: their own contact details and current practice. */
export async function presentViewer(database: Database, viewer: Viewer): Promise<ViewerResponse> {
  const practice = viewer.practiceId ? await findPractice(database, viewer.practiceId) : undefined;
  return {
    user: { id: viewer.userId, name: viewer.name, email: viewer.email },
    practice: practice && viewer.role ? { id: practice.id, name: practice.name, role: viewer.role } : null,
  };
}
