import { CrisisLines } from '../ui/crisis-lines.js';
import { usePageTitle } from '../ui/page-title.js';

/** "Need help now?": crisis lines, reachable from every page, signed in or not. */
export function HelpPage() {
  usePageTitle('Need help now?');
  return (
    <>
      <h1>Need help now?</h1>
      <p className="lead">
        You do not have to wait for your next session. These services are free, confidential and answered by trained
        people.
      </p>
      <CrisisLines />
      <p>
        Your facilitator is there for you too, but they may not see messages straight away. For help now, use the
        services above.
      </p>
    </>
  );
}
