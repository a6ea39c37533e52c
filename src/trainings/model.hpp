// Programmes (the catalogue), sessions per délégation, half-days and seminars, trainers, the session calendar and ICS feeds.
// Plain data of the trainings module.
#pragma once
#include <string>
#include <vector>

namespace trame::trainings {

}  // namespace trame::trainings
