// Applications to a session, interviews, admission decisions, the waiting list, access delays and funding lines.
// Plain data of the enrolments module.
#pragma once
#include <string>
#include <vector>

namespace trame::enrolments {

}  // namespace trame::enrolments
