// Demo data of the certificates: those of the completed autumn session (one complete, one partial),
// issued through the service once the deliberation demo has locked the minutes. Idempotent: issuing
// twice issues nothing new.
#include "certification/certificates/service.hpp"

namespace trame::certificates {

void Service::load_demo(const Actor& actor) {
  auto all = ActingFor::everywhere();
  for (const auto& c : evaluations_.candidates().referential().published_choices()) {
    if (c.label.rfind("Construire une coopération culturelle territoriale", 0) != 0) continue;
    for (const auto& s : evaluations_.sessions(all, c.id))
      if (s.title == "Session d'évaluation — automne 2026" && s.status == "closed") issue(actor, all, s.id);
  }
}

}  // namespace trame::certificates
