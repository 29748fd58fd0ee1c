// The work estimate lives in core (packages/core/src/work.ts), shared with the
// CLI; the API's routes are its kinds of work.
export {
  type Cost,
  costOf,
  RECORD,
  resultsOf,
  type Shape,
  type WorkRoute as Route,
  workOf,
} from '@chainrule/core'
