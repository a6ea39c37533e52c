// Attendance per half-day (sheets opened, signed, countersigned, locked, corrected), dropouts and their follow-up contacts, individual follow-up between seminars.
// Plain data of the attendance module.
#pragma once
#include <string>
#include <vector>

namespace trame::attendance {

}  // namespace trame::attendance
