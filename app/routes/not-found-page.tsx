import { Link } from 'react-router';
import { usePageTitle } from '../ui/page-title.js';

/** Any address the app does not know. */
export function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <>
      <h1>We could not find that page</h1>
      <p>The address may be mistyped, or the page may have moved.</p>
      <p>
        <Link to="/">Go to your home page</Link>
      </p>
    </>
  );
}
