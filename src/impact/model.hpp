// Impact studies of the ticketing network: questionnaire, relais, period, answers for pseudonymous people, restitution.
// Plain data of the impact module.
#pragma once
#include <string>
#include <vector>

namespace trame::impact {

}  // namespace trame::impact
