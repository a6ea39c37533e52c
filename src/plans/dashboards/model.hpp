// Dashboards per audience (docs/plans.md, « Dashboards »): the figures each audience reads over a period,
// compared with the previous period of the same length. Figures about people are masked below 5.
#pragma once
#include <string>
#include <vector>

namespace trame::plans::dashboards {

inline constexpr long long kSmallCount = 5;

// The figures of one scope over one period ([from, to), slot or session start times).
struct OutingFigures {
  long long people = 0;    // distinct beneficiaries with a used booking
  long long places = 0;    // places used
  long long bookings = 0;  // bookings (not cancelled) for the period's slots
  long long no_shows = 0;  // bookings marked no-show
  long long offered = 0;   // places offered (capacity of open slots; venue)
  long long booked = 0;    // places booked (confirmed, used or no-show; venue)
};

struct TrainingFigures {
  long long sessions = 0;  // sessions (not cancelled) starting in the period
  long long trainees = 0;  // distinct admitted, confirmed or completed trainees of those sessions
  long long minutes = 0;   // trainee-minutes present (attendance × half-day minutes)
  // Satisfaction (1-5) in tenths: the programmes' latest published results computed before the period's end,
  // weighted by their responses (questionnaires' programme_results); 0 when none.
  long long satisfaction_tenths = 0;
};

struct CertifierFigures {
  long long candidates = 0;  // registrations made in the period
  long long successes = 0;   // complete certificates issued in the period, not revoked
};

// Outings per EPCI where the people live, with the EPCI's official population (its communes' sum).
struct EpciLine {
  std::string siren, name;
  long long places = 0;
  long long population = 0;
};

}  // namespace trame::plans::dashboards

namespace trame::plans::dashboards {

// One figure as shown: its value over the period and over the previous one of the same length.
struct Figure {
  std::string key;  // catalogue key under dashboards.figures
  long long value = 0;
  long long previous = 0;
  bool people = false;  // counts people supported: masked below kSmallCount
  std::string url;      // the list it counts, when one exists
  bool tenths = false;  // a mark out of 5 in tenths (satisfaction), shown « 4,2 / 5 »
};

struct MonthValue {
  std::string month;  // YYYY-MM
  long long value = 0;
};

// One audience's block: "network" (coordinator, whole network or délégations), "venue", "relais",
// "training", "certifier".
struct Block {
  std::string audience;
  std::vector<std::string> scope_names;  // délégations or organisations covered (empty: the whole network)
  std::vector<Figure> figures;
  std::vector<MonthValue> series;  // places used (outings) or trainee-hours (training) per month
  std::vector<EpciLine> epci;      // network only
};

}  // namespace trame::plans::dashboards
