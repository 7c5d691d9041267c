// The respondent type lives with attribution (src/attribute/); views import it from here.
export type { Respondent } from '../../core/respondent.ts';
