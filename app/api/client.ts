/** A field-level problem from the server, with the field named as the form knows it. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** An error the server explained (application/problem+json), or a network failure we explain. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: FieldProblem[] = [],
    /** The problem type, when the server named one (e.g. two-step sign-in required). */
    readonly type?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface ProblemBody {
  type?: string;
  detail?: string;
  errors?: Array<{ field: string; message: string }>;
}

/** Calls the Hearth API with JSON in and out; throws ApiError with words a person can act on. */
export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? 'GET',
      credentials: 'same-origin',
      headers:
        init.body === undefined
          ? { accept: 'application/json' }
          : { accept: 'application/json', 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch {
    throw new ApiError(0, 'Hearth could not be reached. Check your connection and try again.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const body: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const problem = (body ?? {}) as ProblemBody;
    const fields = (problem.errors ?? []).map((e) => ({
      field: e.field.replace(/^(body|query)\./, ''),
      message: e.message,
    }));
    // The detail names fields for API clients ("body.token: …"); a person reads the field messages.
    const message = fields.length
      ? fields.map((f) => f.message).join(' ')
      : (problem.detail ?? 'Something went wrong. Please try again.');
    throw new ApiError(response.status, message, fields, problem.type);
  }
  return body as T;
}
