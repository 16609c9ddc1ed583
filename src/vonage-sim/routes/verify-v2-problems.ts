// Verify v2's refusals in its own words (types and titles as in the 2026 spec's error schemas).
import { authProblem, COMMON_PROBLEMS, sendProblem, type ProblemKind } from '../problems.js';
import type { Refusals } from '../gate.js';

const VERIFY_ERRORS = 'https://developer.vonage.com/en/api-errors/verify-v2';

export const PROBLEMS = {
  invalidParams: {
    status: 422,
    type: 'https://developer.vonage.com/en/api-errors#invalid-params',
    title: 'Invalid params',
    detail: 'The value of one or more parameters is invalid.',
  },
  concurrent: {
    status: 409,
    type: `${VERIFY_ERRORS}#concurrent`,
    title: 'Conflict',
    detail: 'Concurrent verifications to the same number are not allowed.',
  },
  invalidCode: {
    status: 400,
    type: `${VERIFY_ERRORS}#invalid-code`,
    title: 'Invalid Code',
    detail: 'The code you provided does not match the expected value.',
  },
  tooManyWrongCodes: {
    status: 410,
    type: `${VERIFY_ERRORS}#expired`,
    title: 'Invalid Code',
    detail: 'An incorrect code has been provided too many times. Workflow terminated.',
  },
  blocked: {
    status: 403,
    type: `${VERIFY_ERRORS}#blocked`,
    title: 'Forbidden',
    detail: 'The request was blocked by the Verify anti-fraud system.',
  },
} satisfies Record<string, ProblemKind>;

export const notFound = (requestId: string): ProblemKind => ({
  status: 404,
  type: `${VERIFY_ERRORS}#request-not-found`,
  title: 'Not Found',
  detail: `Request '${requestId}' was not found or it has been verified already.`,
});

export const conflict = (detail: string): ProblemKind => ({
  status: 409,
  type: `${VERIFY_ERRORS}#conflict`,
  title: 'Conflict',
  detail,
});

export const problemRefusals: Refusals = {
  unauthorized: (reply, failure) => sendProblem(reply, authProblem(failure)),
  throttled: (reply) => sendProblem(reply, COMMON_PROBLEMS.throttled),
  providerDown: (reply) => sendProblem(reply, COMMON_PROBLEMS.internal),
  blocked: (reply) => sendProblem(reply, PROBLEMS.blocked),
};
