// The referential of certifications: their description and versions, blocks, competences, criteria,
// publication, and the programmes that prepare them. Managed by the staff of the owning
// organisation (certifications.manage); published ones are public, the others answer like a missing
// id to anyone else (the administrator sees them all).
#pragma once
#include "certification/referential/repository.hpp"
#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/store/database.hpp"
#include "trainings/programmes/service.hpp"

namespace trame::web {
class App;
}

namespace trame::referential {

// What the certification form sends, kept as typed so that a refused form shows it back.
struct CertificationInput {
  long long owner_id = 0;
  std::string title, register_ = "rs", registration_number, decision_date, validity_end;
  std::string summary, audience, prerequisites, modalities, equivalences;
};

class Service {
 public:
  Service(store::Database& db, audit::Service& audit, programmes::Service& programmes)
      : db_(db), audit_(audit), programmes_(programmes) {}

  // A certification with one of its versions (0: the current one), when `managed` may see it: a
  // published one for anyone, any status for its owner's staff.
  std::optional<Referential> referential(const ActingFor& managed, long long id, long long version = 0);
  // The same, for its owner's staff only (nullopt for anyone else: answered as not found).
  std::optional<Referential> managed(const ActingFor& managed, long long id);
  std::vector<Version> versions(long long id);
  std::vector<Referential> page(const ActingFor& managed, long long page, long long per_page, long long& total);
  // The organisations one may create a certification for.
  std::vector<Choice> owners(const ActingFor& managed);

  Outcome create(const Actor& actor, const ActingFor& managed, const CertificationInput& in);
  // Changes the description; after the first registration on the current version, in a new version.
  Outcome update(const Actor& actor, const ActingFor& managed, long long id, const CertificationInput& in);
  // draft → published (when publish_problem says nothing), published → draft or archived, archived → draft.
  Outcome set_status(const Actor& actor, const ActingFor& managed, long long id, const std::string& status);

  // Blocks, competences, criteria of the current version (a new one first when it is locked). Each
  // outcome's id is the certification's.
  Outcome add_block(const Actor& actor, const ActingFor& managed, long long certification_id, Block b);
  Outcome update_block(const Actor& actor, const ActingFor& managed, long long id, Block b);
  Outcome delete_block(const Actor& actor, const ActingFor& managed, long long id);
  Outcome move_block(const Actor& actor, const ActingFor& managed, long long id, bool up);
  Outcome add_competence(const Actor& actor, const ActingFor& managed, long long block_id, std::string title);
  Outcome update_competence(const Actor& actor, const ActingFor& managed, long long id, std::string title);
  Outcome delete_competence(const Actor& actor, const ActingFor& managed, long long id);
  Outcome add_criterion(const Actor& actor, const ActingFor& managed, long long competence_id, Criterion c);
  Outcome update_criterion(const Actor& actor, const ActingFor& managed, long long id, Criterion c);
  Outcome delete_criterion(const Actor& actor, const ActingFor& managed, long long id);
  // The certification an element belongs to (0: none), to go back to its page after a refusal.
  long long certification_of(const std::string& kind, long long id);

  // ---- Programmes that prepare a certification (set by the programme's organiser, trainings.manage)
  std::vector<PreparedBy> prepared_by(long long certification_id);
  long long prepared_certification(long long programme_id);
  std::vector<Choice> published_choices();
  // Which published certification a programme prepares (0: none) and which of its modules prepare
  // which competences of its current version (module id, competence id).
  Outcome set_preparation(const Actor& actor, const ActingFor& organisers, long long programme_id,
                          long long certification_id, const std::vector<std::pair<long long, long long>>& links);
  programmes::Service& programmes() { return programmes_; }

  void load_demo(const Actor& actor);

 private:
  // Inside a write: the place of an element one manages on the current version, made editable (a
  // new version when it is locked); `id` becomes the element's id in that version.
  Place editable(soci::session& sql, const Actor& actor, const ActingFor& managed, std::optional<Place> place,
                 const std::string& kind, long long& id);
  Outcome validate(const CertificationInput& in, Version& v);
  store::Database& db_;
  audit::Service& audit_;
  programmes::Service& programmes_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);

}  // namespace trame::referential
