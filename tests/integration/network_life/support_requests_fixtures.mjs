// Helpers of the support requests' integration tests (their own: not shared with other modules).
import { randomBytes } from 'node:crypto';
import { addUser, PASSWORD, signIn } from '../bookings_fixtures.mjs';
import { assertRefused, flash, post, textOf } from '../cooperation/fixtures.mjs';

export { addUser, assertRefused, flash, post, signIn, textOf, PASSWORD };
export const hex = () => randomBytes(4).toString('hex');
