// Open data (docs/plans.md, « Open data »): aggregated, non-personal figures of the outings per commune of
// the venue and month. A cell counting people below kSmallCount is withheld (left empty, flagged).
#pragma once
#include <string>

namespace trame::plans::opendata {

inline constexpr long long kSmallCount = 5;

// One commune (where the venue is) and one month (Europe/Paris) of used bookings.
struct CommuneMonth {
  std::string month;  // YYYY-MM
  std::string code;   // INSEE code
  std::string name;
  long long places = 0;    // places used (sum of the used bookings' places)
  long long people = 0;    // distinct beneficiaries with a used booking
  long long bookings = 0;  // used bookings (person and group)
  bool withheld() const { return people < kSmallCount; }
};

// Used places and bookings (all relais) of a Paris month at the venues of a commune.
struct CommuneUse {
  int month = 0;     // YYYYMM
  std::string code;  // INSEE code of the venues' commune
  std::string name;
  long long places = 0;
  long long bookings = 0;
};

// Distinct people of a commune (of venues) in a Paris month.
struct MonthPeople {
  int month = 0;  // YYYYMM
  std::string code;
  long long people = 0;
};

}  // namespace trame::plans::opendata
