// Demo decisions of the seed's project (001, Pays d'Ancenis): three closed decisions of different
// types with their outcome — the season's theme (a proposal, taken at the design meeting), the
// partner venues of the first events (an anonymous dot vote) and the next meeting's date (a time
// poll) — and one open consent with an objection. The ballots are the demo members' own. The
// theme's outcome starts an action. Idempotent: nothing is done when the project has decisions.
#include <map>
#include <string>
#include <vector>

#include "cooperation/decisions/service.hpp"
#include "cooperation/meetings/service.hpp"
#include "platform/core/calendar.hpp"
#include "platform/web/crypto.hpp"

namespace trame::decisions {

namespace {

constexpr long long kDay = 86400;

const char* kFacilitator = "formation@sagiterre.local";
const char* kCoordinator = "coordination.ancenis@trame.local";
const char* kTrainer = "formateur@sagiterre.local";
const char* kTrainee = "stagiaire@paul-guimard.local";
const char* kTicketing = "billetterie@theatre-quartier-libre.local";

struct DemoBallot {
  const char* email;
  std::string stance;
  std::string reason;
  std::vector<long long> values;  // per option, in order (-1: none)
  std::string harm;
};

long long at(long long now, int days, const char* clock) {
  return local_time(local_date(now + days * kDay), clock);
}

}  // namespace

void Service::load_demo(const Actor& actor) {
  long long project_id = projects_.demo_project_id();
  if (!project_id) return;
  bool done = db_.read([&](soci::session& sql) { return !repo_.of_project(sql, project_id).empty(); });
  if (done) return;
  std::map<std::string, projects::Member> members;
  for (const auto& m : projects_.members(project_id)) members[m.email] = m;
  for (const char* email : {kFacilitator, kCoordinator, kTrainer, kTrainee, kTicketing})
    if (!members.count(email)) return;
  const auto& facilitator = members[kFacilitator];
  long long now = store::now_seconds();
  long long design_meeting = 0;
  long long theme_id = 0;

  db_.write([&](soci::session& sql) {
    for (const auto& [id, title] : repo_.meetings(sql, project_id))
      if (title == meetings::kDemoDesignTitle) design_meeting = id;

    // Makes one decision with its options and ballots; closed (with its outcome) when closed_at.
    auto make = [&](Decision d, const std::vector<std::string>& labels, const std::vector<long long>& starts,
                    const std::vector<DemoBallot>& ballots, long long closed_at, int chosen, long long opened_at) {
      d.project_id = project_id;
      d.opened_by = facilitator.user_id;
      d.created_at = opened_at;
      long long id = repo_.insert(sql, d, d.anonymous ? web::random_token(32) : std::string());
      d.id = id;
      for (std::size_t i = 0; i < labels.size(); ++i)
        repo_.insert_option(sql,
                            Option{0, id, static_cast<long long>(i + 1), labels[i], i < starts.size() ? starts[i] : 0});
      auto options = repo_.options(sql, id);
      long long when = opened_at;
      for (const auto& b : ballots) {
        Ballot ballot;
        long long user = members[b.email].user_id;
        ballot.user_id = d.anonymous ? 0 : user;
        ballot.stance = b.stance;
        ballot.reason = b.reason;
        ballot.harm = b.harm;
        for (std::size_t i = 0; i < b.values.size() && i < options.size(); ++i)
          if (b.values[i] >= 0) ballot.values.push_back(Value{options[i].id, b.values[i]});
        std::string key = d.anonymous ? "demo-" + std::to_string(user) : "u" + std::to_string(user);
        when += 3600 * 5;
        repo_.save_ballot(sql, id, key, ballot, when);
      }
      if (closed_at) {
        repo_.close(sql, id, facilitator.user_id, closed_at);
        d.decided_by = facilitator.user_id;
        d.decided_at = closed_at;
        if (chosen >= 0) d.outcome_option_id = options[chosen].id;
        repo_.set_outcome(sql, d);
      }
      return id;
    };

    // 1. The season's theme: a proposal at the design meeting, adopted, reviewed in four months.
    Decision theme;
    theme.type = "proposal";
    theme.meeting_id = design_meeting;
    theme.title = "Retenir le thème « Mémoires partagées » pour la saison";
    theme.details =
        "Les binômes aîné·e / jeune partent de souvenirs du territoire (la Loire, les foires, l'école) pour "
        "préparer leurs lectures-spectacles. Le thème donne un fil commun aux bibliothèques et aux salles.";
    theme.reasons = "objections";
    theme.closes_at = at(now, -25, "12:00");
    theme.quorum_kind = "share";
    theme.quorum_value = 50;
    theme.outcome_statement =
        "Le thème « Mémoires partagées » est retenu pour la saison. Chaque binôme choisit un souvenir lié au "
        "territoire ; le Théâtre Quartier Libre accompagne la mise en voix.";
    theme.outcome_verdict = "adopted";
    theme.review_on = local_day(now + 120 * kDay);
    theme_id = make(theme, {}, {},
                    {{kCoordinator, "agree", "", {}, ""},
                     {kTrainer, "agree", "Le thème relie la lecture et le spectacle vivant.", {}, ""},
                     {kTrainee, "abstain", "", {}, ""},
                     {kTicketing, "agree", "", {}, ""},
                     {kFacilitator, "agree", "", {}, ""}},
                    theme.closes_at, -1, now - 32 * kDay);

    // 2. The partner venues of the first events: an anonymous dot vote, 10 points each.
    Decision venues;
    venues.type = "dot_vote";
    venues.title = "Quels lieux partenaires accueillent les premiers rendez-vous ?";
    venues.details = "Répartissez vos 10 points entre les lieux où jouer les premières lectures-spectacles.";
    venues.reasons = "never";
    venues.closes_at = at(now, -18, "18:00");
    venues.anonymous = true;
    venues.allowance = 10;
    venues.outcome_statement =
        "Les premiers rendez-vous auront lieu à l'Espace culturel Paul Guimard, puis à la médiathèque de Ligné "
        "avec le réseau des bibliothèques.";
    make(venues,
         {"Théâtre Quartier Libre", "Espace culturel Paul Guimard", "Le Préambule",
          "Médiathèque de Ligné (réseau des bibliothèques)"},
         {},
         {{kCoordinator, "", "", {2, 5, 0, 3}, ""},
          {kTrainer, "", "", {3, 4, 1, 2}, ""},
          {kTrainee, "", "", {0, 6, 0, 4}, ""},
          {kTicketing, "", "", {5, 2, 0, 3}, ""},
          {kFacilitator, "", "", {1, 4, 2, 3}, ""}},
         venues.closes_at, 1, now - 24 * kDay);

    // 3. The next meeting's date: a time poll on three slots.
    Decision date;
    date.type = "time_poll";
    date.title = "Date du point d'étape avant la mise en œuvre";
    date.reasons = "never";
    date.closes_at = at(now, -7, "18:00");
    date.outcome_statement =
        "Le point d'étape aura lieu à l'Espace culturel Paul Guimard, le créneau qui convient au plus grand "
        "nombre.";
    std::vector<long long> slots = {at(now, 20, "18:00"), at(now, 21, "14:00"), at(now, 22, "10:00")};
    std::vector<std::string> slot_labels;
    slot_labels.reserve(slots.size());
    for (long long s : slots) slot_labels.push_back(format_local(s, "%d/%m/%Y %H:%M"));
    make(date, slot_labels, slots,
         {{kCoordinator, "", "", {rules::kMaybe, rules::kYes, rules::kNo}, ""},
          {kTrainer, "", "", {rules::kNo, rules::kYes, rules::kYes}, ""},
          {kTrainee, "", "", {rules::kYes, rules::kYes, rules::kNo}, ""},
          {kTicketing, "", "", {rules::kYes, rules::kMaybe, rules::kNo}, ""},
          {kFacilitator, "", "", {rules::kYes, rules::kYes, rules::kMaybe}, ""}},
         date.closes_at, 1, now - 14 * kDay);

    // 4. Open: the charter for welcoming inhabitants, by consent; one objection so far.
    Decision charter;
    charter.type = "consent";
    charter.title = "Adopter la charte d'accueil des habitant·es dans les ateliers";
    charter.details =
        "La charte dit comment nous accueillons les habitant·es : gratuité, ateliers en journée, une personne "
        "référente par lieu, pas de photo sans accord.";
    charter.reasons = "never";
    charter.closes_at = at(now, 10, "18:00");
    charter.quorum_kind = "count";
    charter.quorum_value = 4;
    make(charter, {}, {},
         {{kCoordinator, "consent", "", {}, ""},
          {kTrainer, "consent", "", {}, ""},
          {kTicketing,
           "object",
           "",
           {},
           "Sans transport prévu, les aîné·es des hameaux ne pourront pas venir aux ateliers."}},
         0, -1, now - 2 * kDay);

    audit_.record(sql, actor, "decisions.demo", "cooperation_project:" + std::to_string(project_id),
                  "4 décisions de démonstration");
  });

  // The theme's outcome starts an action.
  Principal me;
  me.id = facilitator.user_id;
  me.email = facilitator.email;
  me.name = facilitator.name;
  actions::ActionInput input;
  input.title = "Recueillir les souvenirs des aîné·es pour « Mémoires partagées »";
  input.description = "Deux après-midi de collecte par bibliothèque, enregistrés par les jeunes des binômes.";
  input.due_on = local_day(now + 60 * kDay);
  start_action(actor, me, project_id, theme_id, input);
}

}  // namespace trame::decisions
