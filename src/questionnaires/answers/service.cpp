#include "questionnaires/answers/service.hpp"

#include <algorithm>

#include <boost/json.hpp>

#include "questionnaires/definitions/definition.hpp"
#include "platform/web/crypto.hpp"

namespace trame::answers {

std::vector<ConsentedAnswer> Service::consented_answers(long long page, long long per_page, long long& total) {
  return db_.read([&](soci::session& sql) {
    return repo_.consented_answers(sql, (std::max(1LL, page) - 1) * per_page, per_page, total);
  });
}

std::optional<ConsentedAnswer> Service::consented_answer(long long answer_id) {
  return db_.read([&](soci::session& sql) { return repo_.consented_answer(sql, answer_id); });
}

std::optional<Invitation> Service::by_token(const std::string& token) {
  if (token.size() < 16 || token.size() > 128) return std::nullopt;
  std::string hash = web::sha256_hex(token);
  return db_.read([&](soci::session& sql) { return repo_.invitation_by_hash(sql, hash); });
}

std::optional<Invitation> Service::reload(const Invitation& held) {
  return db_.read([&](soci::session& sql) { return repo_.invitation(sql, held.id); });
}

std::optional<Invitation> Service::by_id(const Principal& me, long long id) {
  if (id <= 0 || !me.id) return std::nullopt;
  auto inv = db_.read([&](soci::session& sql) { return repo_.invitation(sql, id); });
  if (!inv || inv->user_id != me.id) return std::nullopt;
  return inv;
}

std::optional<definitions::Definition> Service::definition(long long questionnaire_id) {
  return db_.read([&](soci::session& sql) { return definitions::load_definition(sql, questionnaire_id); });
}

std::string Service::state(const Invitation& inv, long long now) {
  if (inv.answered) return "answers.errors.already_answered";
  if (inv.campaign_status == "scheduled") return "answers.errors.not_open";
  if (inv.campaign_status != "open" || (inv.closes_at && now >= inv.closes_at) ||
      (inv.expires_at && now >= inv.expires_at))
    return "answers.errors.expired";
  return "";
}

std::string Service::draft_json(const Draft& d) {
  boost::json::object values;
  for (const auto& [id, v] : d.values) {
    boost::json::array a;
    for (const auto& x : v) a.emplace_back(x);
    values[std::to_string(id)] = std::move(a);
  }
  boost::json::object o{{"version", d.version}, {"section", d.section}, {"values", std::move(values)}};
  return boost::json::serialize(o);
}

Draft Service::parse_draft(const std::string& json) {
  Draft d;
  boost::system::error_code ec;
  auto v = boost::json::parse(json, ec);
  if (ec || !v.is_object()) return d;
  d.exists = true;
  const auto& o = v.as_object();
  if (auto* x = o.if_contains("version"); x && x->is_int64()) d.version = static_cast<int>(x->as_int64());
  if (auto* x = o.if_contains("section"); x && x->is_int64()) d.section = static_cast<int>(x->as_int64());
  if (auto* x = o.if_contains("values"); x && x->is_object()) {
    for (const auto& [key, val] : x->as_object()) {
      long long id = 0;
      try {
        id = std::stoll(std::string(key));
      } catch (...) {
        continue;
      }
      if (!val.is_array()) continue;
      std::vector<std::string> list;
      for (const auto& e : val.as_array())
        if (e.is_string()) list.emplace_back(e.as_string());
      d.values[id] = std::move(list);
    }
  }
  return d;
}

Draft Service::draft(long long invitation_id) {
  auto json = db_.read([&](soci::session& sql) { return repo_.draft(sql, invitation_id); });
  if (!json) return {};
  return parse_draft(*json);
}

void Service::save_draft(long long invitation_id, const Draft& draft) {
  std::string json = draft_json(draft);
  long long now = store::now_seconds();
  db_.write([&](soci::session& sql) {
    // Never a draft for an invitation already answered (the draft was deleted at submission).
    auto inv = repo_.invitation(sql, invitation_id);
    if (!inv || inv->answered) return;
    repo_.save_draft(sql, invitation_id, json, now);
  });
}

Outcome Service::submit(const Actor& actor, long long invitation_id, const Values& values) {
  long long now = store::now_seconds();
  return db_.write([&](soci::session& sql) {
    Outcome o = submit_values(sql, invitation_id, values, now);
    if (!o.ok) return o;
    // Anonymous responses: no audit entry at all (it would tie the person to the response).
    if (repo_.is_named_response(sql, o.id))
      audit_.record(sql, actor, "answers.submit", "questionnaire_response:" + std::to_string(o.id));
    return o;
  });
}

std::vector<ToAnswer> Service::mine(long long user_id, long long page, long long per_page, long long& total) {
  return db_.read([&](soci::session& sql) {
    total = repo_.count_mine(sql, user_id);
    return repo_.mine(sql, user_id, (page - 1) * per_page, per_page);
  });
}

std::vector<ToAnswer> Service::to_fill(long long user_id, long long limit, long long& total) {
  return db_.read([&](soci::session& sql) {
    total = repo_.count_mine(sql, user_id, true);
    return total > 0 ? repo_.mine(sql, user_id, 0, limit, true) : std::vector<ToAnswer>{};
  });
}

long long Service::run_due(long long /*now*/) {
  return 0;
}

void Service::load_demo(const Actor& /*actor*/) {}

}  // namespace trame::answers
