import { Link, useRouteError } from 'react-router';
import { usePageTitle } from '../ui/page-title.js';

/** Shown when a page fails to draw: calm words and a way on; the details go to the console only. */
export function ErrorPage() {
  usePageTitle('Something went wrong');
  console.error(useRouteError());
  return (
    <main id="main" className="error-page">
      <h1>Something went wrong on this page</h1>
      <p>This is a fault in Hearth, not something you did. Nothing you saved has been lost.</p>
      <p>Reload the page to try again, or go to your home page.</p>
      <p>
        <Link to="/">Go to your home page</Link> · <Link to="/help">Need help now?</Link>
      </p>
    </main>
  );
}
