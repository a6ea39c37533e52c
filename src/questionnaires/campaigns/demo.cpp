// Demo data of the campaigns module: the evaluation cycles of the demo sessions.
//  - Sagiterre's open "Session printemps 2027": its four stages scheduled (nothing sent yet);
//  - the Département's completed "Pays d'Ancenis 2022-2023": the four stages sent at their dates, most
//    invitations answered through answers::submit_values (plausible, varied values), then closed.
#include "questionnaires/answers/submit.hpp"
#include "questionnaires/campaigns/service.hpp"
#include "platform/core/calendar.hpp"
#include "questionnaires/definitions/definition.hpp"
#include "platform/web/crypto.hpp"

namespace trame::campaigns {

namespace {

constexpr long long kDay = 86400;

struct Dice {
  unsigned long long state;
  int roll(int n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<int>((state >> 33) % static_cast<unsigned long long>(n));
  }
};

const std::vector<std::string>& texts_of(const std::string& stage, bool short_text) {
  static const std::vector<std::string> end_long{
      "Les échanges entre professionnels du social et de la culture ont été très riches.",
      "Le rythme était soutenu : un peu plus de temps sur les cas pratiques aurait été utile.",
      "Très bonne dynamique de groupe, intervenants disponibles et à l'écoute.",
      "J'aurais aimé davantage de visites de lieux culturels du territoire.",
      "Formation concrète, directement utile pour mon projet avec les habitants."};
  static const std::vector<std::string> positioning_long{
      "Je découvre le travail en partenariat avec les structures culturelles.",
      "J'attends des outils pour monter un projet culturel avec les familles que j'accompagne.",
      "Mieux connaître les acteurs culturels de mon territoire et leurs dispositifs.",
      "Savoir évaluer une action culturelle avec les personnes accompagnées."};
  static const std::vector<std::string> followup_long{
      "J'ai organisé une sortie au théâtre avec un groupe de familles du quartier.",
      "Nous avons signé une convention avec la médiathèque intercommunale.",
      "J'utilise la grille de diagnostic partagé avec mes collègues du centre social.",
      "Le réseau créé pendant la formation continue de se réunir tous les trimestres."};
  static const std::vector<std::string> trainer_long{"Groupe très impliqué, hétérogène mais complémentaire.",
                                                     "Prévoir une demi-journée de plus sur l'évaluation des projets."};
  static const std::vector<std::string> shorts{"Centre social", "Médiathèque", "Service culturel", "CCAS"};
  if (short_text) return shorts;
  if (stage == "positioning") return positioning_long;
  if (stage == "followup") return followup_long;
  if (stage == "trainer") return trainer_long;
  return end_long;
}

// A scale value for the stage: positioning low, follow-up higher on the same objectives, satisfaction high.
std::string scale_for(const std::string& stage, Dice& dice) {
  static const int positioning[] = {1, 2, 2, 2, 3, 1, 2, 3};
  static const int followup[] = {3, 4, 4, 4, 5, 3, 4, 5};
  static const int satisfied[] = {5, 4, 5, 5, 4, 5, 3, 4};
  const int* table = stage == "positioning" ? positioning : stage == "followup" ? followup : satisfied;
  return std::to_string(table[dice.roll(8)]);
}

answers::Values values_for(const definitions::Definition& d, const std::string& stage, Dice& dice, long long now) {
  answers::Values v;
  for (const auto& section : d.questions) {
    for (const auto& q : section) {
      if (q.kind == "scale") {
        v[q.id] = {scale_for(stage, dice)};
      } else if (q.kind == "nps") {
        static const int nps[] = {10, 9, 9, 8, 10, 7, 9, 10};
        v[q.id] = {std::to_string(nps[dice.roll(8)])};
      } else if (q.kind == "matrix") {
        std::vector<std::string> items;
        for (std::size_t i = 0; i < q.items.size(); ++i) items.push_back(scale_for(stage, dice));
        v[q.id] = items;
      } else if (q.kind == "yesno") {
        v[q.id] = {dice.roll(5) == 0 ? "non" : "oui"};
      } else if (q.kind == "single") {
        if (q.options.empty()) continue;
        v[q.id] = {q.options[static_cast<std::size_t>(
            dice.roll(static_cast<int>(std::min<std::size_t>(q.options.size(), 3))))]};
      } else if (q.kind == "multiple") {
        if (q.options.empty()) continue;
        std::vector<std::string> chosen{q.options[0]};
        if (q.options.size() > 1 && dice.roll(2)) chosen.push_back(q.options[1]);
        v[q.id] = chosen;
      } else if (q.kind == "short" || q.kind == "long") {
        if (!q.required && dice.roll(3) != 0) continue;  // free texts: about a third answer
        const auto& list = texts_of(stage, q.kind == "short");
        v[q.id] = {list[static_cast<std::size_t>(dice.roll(static_cast<int>(list.size())))]};
      } else if (q.kind == "number") {
        double lo = q.min_value.value_or(0), hi = q.max_value.value_or(lo + 10);
        v[q.id] = {std::to_string(static_cast<long long>(lo + (hi - lo) / 2))};
      } else if (q.kind == "date") {
        v[q.id] = {local_day(now - 10 * kDay)};
      }
    }
  }
  return v;
}

}  // namespace

void Service::load_demo(const Actor& /*actor*/) {
  const long long now = store::now_seconds();
  db_.write([&](soci::session& sql) { load_holders_demo(sql, now); });
  db_.write([&](soci::session& sql) {
    // Sagiterre's open session: the four stages scheduled.
    if (long long sid = repo_.session_by_title(sql, "Session printemps 2027")) {
      auto s = repo_.session(sql, sid);
      if (s && s->starts_at > 0 && repo_.cycle_of(sql, sid).empty()) create_cycle(sql, *s, now);
    }
    // Pays d'Ancenis 2022-2023: sent at their dates, mostly answered, closed.
    long long sid = repo_.session_by_title(sql, "Pays d'Ancenis 2022-2023");
    auto s = sid ? repo_.session(sql, sid) : std::nullopt;
    if (!s || s->starts_at <= 0 || !repo_.cycle_of(sql, sid).empty()) return;
    create_cycle(sql, *s, now);
    Dice dice{20222023};
    for (const auto& c : repo_.cycle_of(sql, sid)) {
      const long long sent = c.send_at;
      if (!repo_.claim_send(sql, c.id, sent)) continue;
      auto people = c.audience == "trainers" ? repo_.session_trainers(sql, sid)
                                             : repo_.session_trainees(sql, sid, c.stage == "followup");
      auto def = definitions::load_definition(sql, c.questionnaire_id, false);
      std::size_t i = 0;
      for (const auto& r : people) {
        long long inv = repo_.insert_invitation(sql, c.id, r, web::sha256_hex(web::random_token(24)), sent, sent, 0);
        ++i;
        // Most answer; one in six (and never a lone trainer) does not.
        const bool answers_it = people.size() == 1 || i % 6 != 0;
        if (!def || !answers_it) continue;
        const long long at = sent + (1 + dice.roll(6)) * kDay + dice.roll(36000);
        auto values = values_for(*def, c.stage, dice, at);
        auto o = answers::submit_values(sql, inv, values, at);
        (void)o;  // a value the questionnaire refuses leaves this invitation unanswered
      }
      repo_.set_status(sql, c.id, "open", "scheduled", "closed", now);
    }
    audit_.record(sql, Actor{0, "système", ""}, "campaigns.demo", "session:" + std::to_string(sid),
                  "cycle d'évaluation de démonstration");
  });
}

}  // namespace trame::campaigns
