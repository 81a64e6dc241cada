import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { HomePage } from './routes/home-page.js';
import { NotFoundPage } from './routes/not-found-page.js';
import { SetupPage } from './routes/setup-page.js';
import { SignInPage } from './routes/sign-in-page.js';
import { Layout } from './ui/layout.js';
import './styles/base.css';

const queryClient = new QueryClient({
  defaultOptions: {
    // Client errors (4xx) will not change on a retry; only retry what might be a passing fault.
    queries: {
      retry: (count, error) =>
        count < 2 && !('status' in error && Number(error.status) >= 400 && Number(error.status) < 500),
    },
  },
});

const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { path: '/', element: <HomePage /> },
      { path: '/setup', element: <SetupPage /> },
      { path: '/sign-in', element: <SignInPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
