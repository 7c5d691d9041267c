// Attribution is pure and lives in src/attribute/; the web reads it through this name.
export { resolveRespondents, unitKey, type ReplyUnit } from '../../attribute/resolve-respondents.ts';
