// `trame generate`: a realistic, deterministic dataset at national or départemental size, built in bulk
// SQL on top of the demo (docs/generate.md). The figures of each size and the id ranges the rows take.
#pragma once
#include <cmath>
#include <string>

namespace trame::generate {

// How many rows a size announces. `scale` (hidden option, for tests) multiplies every figure.
struct Size {
  std::string name;
  long long relais = 0;         // social organisations, each with one referent account
  long long venues = 0;         // cultural, sport and leisure organisations
  long long trainers = 0;       // training organisations
  long long beneficiaries = 0;  // pseudonymous, followed by a relais
  long long offers = 0;         // each with 3 past slots and 1 upcoming
  long long bookings = 0;       // on the past slots
  long long training_sessions = 0;
  long long answers = 0;  // questionnaire answers (5 per response)
  long long organisations() const { return relais + venues + trainers; }
  long long past_slots() const { return offers * 3; }
  long long slots() const { return offers * 4; }
};

inline long long scaled(long long n, double scale, long long minimum) {
  auto v = static_cast<long long>(std::llround(static_cast<double>(n) * scale));
  return v < minimum ? minimum : v;
}

// "national" or "departement" (nullopt-like: name empty when unknown).
inline Size size_named(const std::string& name, double scale) {
  Size s;
  long long k = name == "national" ? 10 : name == "departement" ? 1 : 0;
  if (k == 0) return s;
  s.name = name;
  s.relais = scaled(450 * k, scale, 3);
  s.venues = scaled(500 * k, scale, 3);
  s.trainers = scaled(50 * k, scale, 1);
  s.beneficiaries = scaled(10000 * k, scale, 30);
  s.offers = scaled(2000 * k, scale, 3);
  s.bookings = scaled(100000 * k, scale, 10);
  s.training_sessions = scaled(50 * k, scale, 2);
  s.answers = scaled(5000 * k, scale, 5) / 5 * 5;
  return s;
}

// First id of each generated table (the demo's rows stay far below).
inline constexpr long long kOrganisationBase = 1000000;
inline constexpr long long kUserBase = 1000000;
inline constexpr long long kBeneficiaryBase = 1000000;
inline constexpr long long kOfferBase = 1000000;
inline constexpr long long kSlotBase = 1000000;
inline constexpr long long kBookingBase = 10000000;
inline constexpr long long kProgrammeBase = 1000000;
inline constexpr long long kSessionBase = 1000000;
inline constexpr long long kHalfdayBase = 1000000;
inline constexpr long long kApplicationBase = 1000000;
inline constexpr long long kAttendanceBase = 1000000;
inline constexpr long long kResponseBase = 1000000;
inline constexpr long long kAnswerBase = 1000000;

// The generated dataset's parameters, as the repository needs them.
struct Plan {
  Size size;
  long long seed = 1;
  long long today = 0;                   // midnight (UTC) of the reference day: every date is relative to it
  long long branches[3] = {0, 0, 0};     // Val-de-Marne (94), Loire-Atlantique (44), Bouches-du-Rhône (13)
  long long communes[3] = {0, 0, 0};     // communes imported in each of these départements
  long long populations[3] = {0, 0, 0};  // and their inhabitants
  long long beneficiary_code_base = 0;   // first value (base 23) of the generated beneficiary codes
  long long booking_code_base = 0;
};

// One of the five answers of a generated response: a question, its matrix row (-1: none), NPS or 1-5.
struct AnswerSlot {
  long long question = 0;
  long long item = -1;
  bool nps = false;
};

}  // namespace trame::generate
