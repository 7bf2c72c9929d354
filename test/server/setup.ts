/**
 * In every unit and server suite's worker, before its tests: passwords are hashed with scrypt at
 * N = 2^11 instead of the server's 2^15 (`DEFAULT_SCRYPT_COST`). The same code runs — hashing,
 * verifying, the dummy hash for an unknown email — at a sixteenth of the memory and time: the suites
 * sign in some thousands of times, and on this two-core machine the full cost made them minutes
 * slower. Every hash records its cost, so nothing else changes; http.test.ts checks what the server
 * makes at its own cost, and server processes a suite starts (`npm run server`) keep the full cost.
 */
import {setScryptCost} from '../../server/passwords.js';

setScryptCost({N: 2 ** 11, r: 8, p: 1});
