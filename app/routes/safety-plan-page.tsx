import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { emptySafetyPlan, isEmptyPlan, suggestedProfessionals } from '../../domain/safety-plan.js';
import { ApiError, api } from '../api/client.js';
import { forgetOfflinePlan, selfCareKeys, type SafetyPlanView } from '../api/self-care.js';
import { SafetyPlanForm } from '../features/self-care/safety-plan-form.js';
import { SafetyPlanSteps } from '../features/self-care/safety-plan-view.js';
import { useT } from '../i18n/use-t.js';
import { useCrisisCountry } from '../ui/crisis-lines.js';
import { useFormat } from '../ui/format.js';
import { usePageTitle } from '../ui/page-title.js';

/**
 * "My safety plan": the member's plan for hard moments, in their own words, one tap from every
 * crisis screen. It works on the phone without a network once opened (the service worker keeps
 * the page and the plan, docs/safety-plan.md), so it does not wait for the session check.
 */
export function SafetyPlanPage() {
  const t = useT();
  const format = useFormat();
  usePageTitle(t('safetyPlan.title'));
  const country = useCrisisCountry();
  const [params, setParams] = useSearchParams();
  const version = Number(params.get('version')) || undefined;
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const plan = useQuery({
    queryKey: selfCareKeys.myPlan(version),
    queryFn: () => api<SafetyPlanView>(`/api/my/safety-plan${version ? `?version=${version}` : ''}`),
    // Offline, the service worker answers with the plan it kept: ask even without a network.
    networkMode: 'always',
  });

  if (plan.isPending) return <p role="status">{t('safetyPlan.loading')}</p>;
  if (plan.isError) {
    const signedOut = plan.error instanceof ApiError && plan.error.status === 401;
    if (signedOut) void forgetOfflinePlan();
    return (
      <>
        <h1>{t('safetyPlan.title')}</h1>
        <p role="alert">{signedOut ? t('safetyPlan.signInFirst') : t('safetyPlan.unavailable')}</p>
        {signedOut && (
          <p>
            <Link to="/sign-in">{t('safetyPlan.signIn')}</Link>
          </p>
        )}
        <p>
          <Link to="/help">{t('safetyPlan.helpNow')}</Link>
        </p>
      </>
    );
  }
  const view = plan.data;
  const current = view.plan;
  const readers = view.readers.length
    ? t('safetyPlan.whoSees', { names: format.list(view.readers) })
    : t('safetyPlan.whoSeesNoGroup');

  return (
    <>
      <h1>{t('safetyPlan.title')}</h1>
      <p className="lead">{t('safetyPlan.lead')}</p>
      <p className="no-print">{readers}</p>
      <p className="no-print">
        <Link to="/help">{t('safetyPlan.helpNow')}</Link>
        {' · '}
        <Link to="/when-things-get-hard">{t('safetyPlan.education')}</Link>
      </p>
      <p role="status" className="no-print">
        {saved}
      </p>
      {editing || !current ? (
        <>
          {!current && <p>{t('safetyPlan.startHere')}</p>}
          <SafetyPlanForm
            key={current?.version ?? 0}
            start={
              current?.content ?? {
                ...emptySafetyPlan(),
                professionals: suggestedProfessionals(country, t.locale),
              }
            }
            baseVersion={view.versions[0]?.version ?? 0}
            endpoint="/api/my/safety-plan"
            change="mine"
            onCancel={current ? () => setEditing(false) : undefined}
            onSaved={(next) => {
              setEditing(false);
              if (version) setParams({});
              setSaved(next.readers.length ? t('safetyPlan.savedTold') : t('safetyPlan.saved'));
            }}
          />
        </>
      ) : (
        <>
          <p className="muted">
            {t(current.savedBy ? 'safetyPlan.versionLineBy' : 'safetyPlan.versionLine', {
              version: current.version,
              date: format.shortDate(current.savedAt),
              by: current.savedBy ?? '',
            })}
          </p>
          {!current.latest && (
            <p className="notice">
              {t('safetyPlan.olderVersion')} <Link to="/safety-plan">{t('safetyPlan.showNewest')}</Link>
            </p>
          )}
          {isEmptyPlan(current.content) && <p>{t('safetyPlan.emptyPlan')}</p>}
          <SafetyPlanSteps content={current.content} />
          <div className="actions no-print">
            {current.latest && (
              <button type="button" className="button" onClick={() => setEditing(true)}>
                {t('safetyPlan.change')}
              </button>
            )}
            <button type="button" className="button button--quiet" onClick={() => window.print()}>
              {t('safetyPlan.print')}
            </button>
            <a
              className="button button--quiet"
              href={`/api/my/safety-plan.pdf${version ? `?version=${version}` : ''}`}
              download
            >
              {t('safetyPlan.pdf')}
            </a>
          </div>
          {view.versions.length > 1 && (
            <details className="card no-print">
              <summary>{t('safetyPlan.versions', { count: view.versions.length })}</summary>
              <ul>
                {view.versions.map((v) => (
                  <li key={v.version}>
                    <Link to={`/safety-plan?version=${v.version}`}>
                      {t(v.savedBy ? 'safetyPlan.versionLineBy' : 'safetyPlan.versionLine', {
                        version: v.version,
                        date: format.shortDate(v.savedAt),
                        by: v.savedBy ?? '',
                      })}
                    </Link>
                  </li>
                ))}
              </ul>
            </details>
          )}
        </>
      )}
    </>
  );
}
