import { groupWithMembers, backdateMembership } from './server/testing/group-fixtures.js';
import { launchBrowser } from './tests/e2e/browser.js';
import { startJourneyServer } from './tests/e2e/server.js';

const server = await startJourneyServer();
const { app } = server.app;
const fixture = await groupWithMembers(server.app, { members: ['Sam', 'Ria'] });
for (const m of fixture.members) await backdateMembership(server.app, m.memberId, new Date(Date.now() - 10 * 86_400_000));
const maya = { cookie: fixture.maya.cookie };
await app.inject({ method: 'PUT', url: `/api/groups/${fixture.groupId}/measures`, headers: maya, payload: { measures: [
  { instrumentId: 'phq-9', cadence: 'admission', main: true },
  { instrumentId: 'phq-9', cadence: 'every-weeks', everyWeeks: 1 },
  { instrumentId: 'phq-4', cadence: 'admission' },
  { instrumentId: 'gad-7', cadence: 'positive-screen' },
] } });
const sam = { cookie: fixture.members[0]!.person.cookie };
const ria = { cookie: fixture.members[1]!.person.cookie };
for (const who of [sam, ria]) {
  const forms = (await app.inject({ method: 'GET', url: '/api/my/measures', headers: who })).json().waiting;
  for (const f of forms) {
    const answers = f.instrumentId === 'phq-4' ? { 'gad-1': 2, 'gad-2': 2, 'phq-1': 1, 'phq-2': 0 } : { 1: 2, 2: 2, 3: 2, 4: 2, 5: 2, 6: 2, 7: 2, 8: 2, 9: 0 };
    if (f.instrumentId === 'phq-9' && forms.filter((x: { instrumentId: string }) => x.instrumentId === 'phq-9').indexOf(f) > 0) continue;
    await app.inject({ method: 'POST', url: `/api/my/measures/${f.id}/submission`, headers: who, payload: { answers } });
  }
}
const cookieOf = (c: string) => { const [name, ...v] = c.split(';')[0]!.split('='); return { name: name!, value: v.join('='), url: server.url }; };
const phone = await launchBrowser({ width: 390, height: 900 });
await phone.context.addCookies([cookieOf(fixture.members[0]!.person.cookie)]);
const p = phone.page;
await p.goto(`${server.url}/check-ins`);
await p.getByRole('heading', { level: 1, name: 'Check-ins' }).waitFor();

await p.getByRole('link', { name: /^Start/ }).first().click();
await p.locator('h1').waitFor();
await p.getByRole('group', { name: /better off dead/ }).getByLabel('Several days', { exact: true }).check();
await p.getByRole('heading', { name: 'Thank you for telling us' }).waitFor();
await p.getByText('Your facilitator has been told').waitFor();
await p.getByRole('heading', { name: 'Thank you for telling us' }).scrollIntoViewIfNeeded();
await p.getByRole('region', { name: 'Thank you for telling us' }).screenshot({ path: '/tmp/fid-shots/note-390.png' });
const desk = await launchBrowser({ width: 1280, height: 900 });
await desk.context.addCookies([cookieOf(fixture.maya.cookie)]);
const d = desk.page;
await d.goto(`${server.url}/groups/${fixture.groupId}/measures`);
await d.getByRole('heading', { level: 1 }).waitFor();
await d.getByText('Record what you did').first().waitFor();
await d.getByText('Record what you did').first().click();
await d.getByLabel('What did you do?').first().fill('x'.repeat(5003));
await d.getByRole('button', { name: /^Close this alert/ }).first().click();
await d.getByText('Use at most 5,000 characters.').waitFor();
await d.getByRole('region', { name: /Members’ progress/ }).screenshot({ path: '/tmp/fid-shots/roster-1280.png' });
await d.getByRole('region', { name: 'Needs your attention' }).screenshot({ path: '/tmp/fid-shots/alerts-1280.png' });
const dp = await launchBrowser({ width: 390, height: 900 });
await dp.context.addCookies([cookieOf(fixture.maya.cookie)]);
await dp.page.goto(`${server.url}/groups/${fixture.groupId}/measures`);
await dp.page.getByRole('heading', { level: 1 }).waitFor();
await dp.page.getByText('Members’ progress', { exact: false }).first().waitFor();
await dp.page.getByRole('region', { name: /Members’ progress/ }).screenshot({ path: '/tmp/fid-shots/roster-390.png' });
await phone.close(); await desk.close(); await dp.close();
await server.stop();
process.exit(0);
