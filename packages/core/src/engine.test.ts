import { engineSpec } from '../test/engine-spec.js'
import { createApi } from './api.js'
import { jsBackend } from './js-backend.js'

engineSpec(createApi(jsBackend), { chainLength: 10_000_000 })
