// Results of questionnaires: rates, distributions (SVG charts with data tables), cross-tabulation, before/after, exports, published results of programmes.
// Plain data of the results module.
#pragma once
#include <string>
#include <vector>

namespace trame::results {

}  // namespace trame::results
