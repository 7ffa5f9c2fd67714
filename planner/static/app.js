// Progressive enhancement only: every journey works without JavaScript.
import { initAll } from './govuk/govuk-frontend.min.js'

initAll()
