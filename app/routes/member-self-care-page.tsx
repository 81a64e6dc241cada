import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router';
import { api } from '../api/client.js';
import { selfCareKeys, type IfsItems, type SafetyPlanView } from '../api/self-care.js';
import { SharedItem } from '../features/self-care/ifs-summary.js';
import { SafetyPlanForm } from '../features/self-care/safety-plan-form.js';
import { SafetyPlanSteps } from '../features/self-care/safety-plan-view.js';
import { emptySafetyPlan, suggestedProfessionals } from '../../domain/safety-plan.js';
import { useT } from '../i18n/use-t.js';
import { useCrisisCountry } from '../ui/crisis-lines.js';
import { useFormat } from '../ui/format.js';
import { usePageTitle } from '../ui/page-title.js';
import { RequireViewer } from '../ui/require-viewer.js';

/**
 * A member's safety plan and what they shared of their reflections, for their facilitators (and a
 * supervisor, for the plan). Each opening is in the audit log; the facilitator can write the plan
 * with the member, in the member's words.
 */
export function MemberSelfCarePage() {
  return <RequireViewer>{() => <MemberSelfCare />}</RequireViewer>;
}

function MemberSelfCare() {
  const t = useT();
  const format = useFormat();
  const { userId = '' } = useParams();
  const [editing, setEditing] = useState(false);
  const country = useCrisisCountry();
  const plan = useQuery({
    queryKey: selfCareKeys.memberPlan(userId),
    queryFn: () => api<SafetyPlanView>(`/api/people/${userId}/safety-plan`),
  });
  const shared = useQuery({
    queryKey: selfCareKeys.memberIfs(userId),
    queryFn: () => api<IfsItems>(`/api/people/${userId}/ifs`),
    retry: false,
  });
  usePageTitle(plan.data ? t('safetyPlan.member.title', { name: plan.data.member.name }) : t('safetyPlan.title'));
  if (plan.isPending) return <p role="status">{t('safetyPlan.loading')}</p>;
  if (plan.isError) return <p role="alert">{plan.error.message}</p>;
  const view = plan.data;
  return (
    <>
      <h1>{t('safetyPlan.member.title', { name: view.member.name })}</h1>
      <p className="lead">{t('safetyPlan.member.lead')}</p>
      <h2>{t('safetyPlan.member.planHeading')}</h2>
      {view.plan && !editing ? (
        <>
          <p className="muted">
            {t(view.plan.savedBy ? 'safetyPlan.versionLineBy' : 'safetyPlan.versionLine', {
              version: view.plan.version,
              date: format.shortDate(view.plan.savedAt),
              by: view.plan.savedBy ?? '',
            })}
          </p>
          <SafetyPlanSteps content={view.plan.content} headingLevel={3} />
        </>
      ) : (
        !editing && <p>{t('safetyPlan.member.noPlan')}</p>
      )}
      {editing ? (
        <SafetyPlanForm
          start={
            view.plan?.content ?? {
              ...emptySafetyPlan(),
              // Like the member's own new plan: the crisis lines, in the member's language.
              professionals: suggestedProfessionals(country, view.member.locale),
            }
          }
          baseVersion={view.versions[0]?.version ?? 0}
          endpoint={`/api/people/${userId}/safety-plan`}
          change="people"
          onCancel={() => setEditing(false)}
          onSaved={() => setEditing(false)}
        />
      ) : (
        <p>
          <button type="button" className="button button--quiet" onClick={() => setEditing(true)}>
            {t('safetyPlan.member.writeTogether')}
          </button>
        </p>
      )}
      <h2>{t('safetyPlan.member.sharedHeading')}</h2>
      <p className="muted">{t('ifs.notTherapy')}</p>
      {shared.isError ? (
        <p>{t('safetyPlan.member.sharedNotYours')}</p>
      ) : shared.data && shared.data.items.length === 0 ? (
        <p>{t('safetyPlan.member.nothingShared')}</p>
      ) : (
        shared.data?.items.map((item) => <SharedItem key={item.id} item={item} />)
      )}
    </>
  );
}
