#include "privacy/rights/service.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <boost/json.hpp>

#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/docs/pdf.hpp"
#include "platform/web/i18n.hpp"
#include "privacy/rights/rules.hpp"

namespace trame::privacy::rights {

namespace {

constexpr std::size_t kMessageMax = 4000;
constexpr std::size_t kAnswerMax = 8000;
// Shorter values are not searched for: they would match other people's text.
constexpr std::size_t kShortestName = 5;
constexpr std::size_t kShortestPhone = 6;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string iso_time(long long t) {
  return format_local(t, "%Y-%m-%dT%H:%M:%S");
}

}  // namespace

Service::Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
                 std::string public_url)
    : db_(db),
      audit_(audit),
      mail_(mail),
      catalogue_(catalogue),
      public_url_(std::move(public_url)),
      repo_(db.engine() == store::Engine::postgresql) {}

std::string Service::fr(const std::string& key, const std::vector<std::pair<std::string, std::string>>& params) const {
  return catalogue_.t("fr", key, params);
}

Holdings Service::holdings(long long user_id, long long now) {
  return db_.read([&](soci::session& sql) {
    Holdings h;
    h.generated_at = now;
    auto account = repo_.account(sql, user_id);
    if (!account) return h;
    h.name = account->name;
    h.email = account->email;
    std::map<std::string, std::vector<std::string>> links;
    for (const auto& l : repo_.person_links(sql)) links[l.table].push_back(l.column);
    std::map<std::string, std::vector<TableRows>> domains;
    for (const auto& table : repo_.tables(sql)) {
      auto rows = repo_.rows_about(sql, table, links[table], user_id, account->email);
      if (table == "users") rows = repo_.rows_about(sql, table, {"id"}, user_id, "");
      if (rows.rows.empty()) continue;
      // Secrets are left out of a download.
      TableRows shown;
      shown.table = table;
      std::vector<std::size_t> keep;
      for (std::size_t i = 0; i < rows.columns.size(); ++i)
        if (!secret_column(rows.columns[i])) {
          keep.push_back(i);
          shown.columns.push_back(rows.columns[i]);
        }
      for (const auto& r : rows.rows) {
        std::vector<std::string> values;
        values.reserve(keep.size());
        for (auto i : keep) values.push_back(r[i]);
        shown.rows.push_back(std::move(values));
      }
      domains[domain_of(table)].push_back(std::move(shown));
    }
    for (auto& [domain, tables] : domains) h.domains.emplace_back(domain, std::move(tables));
    return h;
  });
}

std::string Service::json(const Actor& actor, const Holdings& h) {
  audit_.record(actor, "privacy.download", "user:" + std::to_string(actor.id), "json");
  boost::json::object root;
  root["format"] = "trame.donnees-personnelles.1";
  root["about"] = fr("rights.json.about");
  root["generated_at"] = iso_time(h.generated_at);
  root["person"] = boost::json::object{{"name", h.name}, {"email", h.email}};
  boost::json::object domains;
  for (const auto& [domain, tables] : h.domains) {
    boost::json::object by_table;
    for (const auto& t : tables) {
      boost::json::array rows;
      for (const auto& r : t.rows) {
        boost::json::object o;
        for (std::size_t i = 0; i < t.columns.size(); ++i) o[t.columns[i]] = r[i];
        rows.push_back(std::move(o));
      }
      by_table[t.table] = std::move(rows);
    }
    domains[domain] = std::move(by_table);
  }
  root["domains"] = std::move(domains);
  root["left_out"] = fr("rights.json.left_out");
  return boost::json::serialize(root);
}

std::string Service::pdf(const Actor& actor, const Holdings& h) {
  audit_.record(actor, "privacy.download", "user:" + std::to_string(actor.id), "pdf");
  docs::PdfDocument doc(fr("rights.pdf.title", {{"name", h.name}}));
  doc.set_subject(fr("rights.pdf.subject"));
  doc.set_page_label(fr("rights.pdf.page"));
  doc.heading(fr("rights.pdf.title", {{"name", h.name}}));
  doc.paragraph(fr("rights.pdf.lead", {{"email", h.email}, {"date", format_local(h.generated_at, "%d/%m/%Y %H:%M")}}));
  doc.paragraph(fr("rights.json.left_out"));
  for (const auto& [domain, tables] : h.domains) {
    doc.heading(fr("rights.domains." + domain));
    for (const auto& t : tables) {
      doc.subheading(fr("rights.pdf.table", {{"table", t.table}, {"n", std::to_string(t.rows.size())}}));
      for (const auto& r : t.rows) {
        std::string text;
        for (std::size_t i = 0; i < t.columns.size(); ++i)
          if (!r[i].empty()) text += (text.empty() ? "" : "\n") + t.columns[i] + " : " + r[i];
        doc.paragraph(text);
      }
    }
  }
  return doc.render();
}

std::optional<Holdings> Service::beneficiary_holdings(const Principal& me, long long beneficiary_id, long long now) {
  return db_.read([&](soci::session& sql) -> std::optional<Holdings> {
    auto b = repo_.beneficiary(sql, beneficiary_id);
    if (!b || !me.can_in(perm::outings_book, b->first)) return std::nullopt;
    Holdings h;
    h.generated_at = now;
    h.name = b->second;
    std::map<std::string, std::vector<std::string>> links;
    for (const auto& l : repo_.links_to(sql, "beneficiaries", "beneficiary_id")) links[l.table].push_back(l.column);
    links["beneficiaries"] = {"id"};
    std::map<std::string, std::vector<TableRows>> domains;
    for (const auto& [table, columns] : links) {
      auto rows = repo_.rows_about(sql, table, columns, beneficiary_id, "");
      if (!rows.rows.empty()) domains[domain_of(table)].push_back(std::move(rows));
    }
    for (auto& [domain, tables] : domains) h.domains.emplace_back(domain, std::move(tables));
    return h;
  });
}

std::string Service::beneficiary_pdf(const Actor& actor, const Holdings& h) {
  audit_.record(actor, "privacy.beneficiary_print", "beneficiary:" + h.name, "pdf");
  docs::PdfDocument doc(fr("rights.beneficiary.title", {{"code", h.name}}));
  doc.set_subject(fr("rights.beneficiary.lead"));
  doc.set_page_label(fr("rights.pdf.page"));
  doc.heading(fr("rights.beneficiary.title", {{"code", h.name}}));
  doc.paragraph(fr("rights.beneficiary.lead"));
  doc.paragraph(fr("rights.beneficiary.date", {{"date", format_local(h.generated_at, "%d/%m/%Y %H:%M")}}));
  for (const auto& [domain, tables] : h.domains) {
    for (const auto& t : tables) {
      doc.subheading(fr("rights.pdf.table", {{"table", t.table}, {"n", std::to_string(t.rows.size())}}));
      for (const auto& r : t.rows) {
        std::string text;
        for (std::size_t i = 0; i < t.columns.size(); ++i)
          if (!r[i].empty()) text += (text.empty() ? "" : "\n") + t.columns[i] + " : " + r[i];
        doc.paragraph(text);
      }
    }
  }
  return doc.render();
}

Outcome Service::ask(const Actor& actor, const std::string& kind, const std::string& message, long long now) {
  if (!valid_kind(kind)) return Outcome::failure("rights.errors.kind", "kind");
  if (message.size() > kMessageMax) return Outcome::failure("rights.errors.message_long", "message");
  if (kind == "rectification" && trim(message).empty()) return Outcome::failure("rights.errors.message", "message");
  return db_.attempt([&](soci::session& sql) {
    if (repo_.has_open(sql, actor.id, kind)) return Outcome::conflict("rights.errors.open", "kind");
    Request r;
    r.user_id = actor.id;
    r.kind = kind;
    r.message = message;
    r.received_at = now;
    r.due_at = due_at(now);
    long long id = repo_.insert_request(sql, r);
    audit_.record(sql, actor, "privacy.request.received", "privacy_request:" + std::to_string(id), kind);
    return Outcome::success(id);
  });
}

std::vector<Request> Service::mine(long long user_id) {
  return db_.read([&](soci::session& sql) { return repo_.for_person(sql, user_id); });
}

std::vector<Request> Service::page(long long page, long long per_page, long long& total) {
  return db_.read([&](soci::session& sql) {
    total = repo_.count(sql);
    return repo_.page(sql, (std::max(1LL, page) - 1) * per_page, per_page);
  });
}

std::optional<Request> Service::find(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.find(sql, id); });
}

ErasureReport Service::erase(soci::session& sql, long long user_id, const Repository::Account& account) {
  ErasureReport report;
  std::map<std::string, std::vector<std::string>> links;
  for (const auto& l : repo_.person_links(sql)) links[l.table].push_back(l.column);
  auto tables = repo_.tables(sql);

  // The e-mail is erased wherever it appears (it is the person's alone); the name and the phone numbers found
  // in the rows about the person are erased from those rows only, so that a homonym keeps their data
  // (docs/decisions.md).
  std::set<std::string> emails{account.email, lower(account.email)};
  std::set<std::string> values;
  if (account.name.size() >= kShortestName) values.insert(account.name);
  for (const auto& table : tables) {
    if (kept(table) || table == "users") continue;
    auto rows = repo_.rows_about(sql, table, links[table], user_id, account.email);
    for (std::size_t i = 0; i < rows.columns.size(); ++i) {
      if (!personal_column(rows.columns[i])) continue;
      for (const auto& r : rows.rows)
        if (r[i].size() >= kShortestPhone) values.insert(r[i]);
    }
  }
  for (const auto& table : tables)
    if (kept(table) && !repo_.rows_about(sql, table, links[table], user_id, account.email).rows.empty())
      report.kept_tables.push_back(table);

  std::string anonymous = fr("rights.erased.name", {{"id", std::to_string(user_id)}});
  repo_.anonymise_account(sql, user_id, "efface-" + std::to_string(user_id) + "@efface.invalid", anonymous);
  std::vector<std::string> list(values.begin(), values.end());
  std::vector<std::string> email_list(emails.begin(), emails.end());
  // Longest first, so that a name inside a phone number's row does not break a longer value's replacement.
  std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
  std::string replacement = fr("rights.erased.value");
  for (const auto& table : tables) {
    if (kept(table) || table == "users") continue;
    // The rows about the person first (found by their links or their e-mail), then the e-mail everywhere.
    long long n = repo_.scrub_about(sql, table, list, replacement, links[table], user_id, account.email) +
                  repo_.scrub(sql, table, email_list, replacement);
    if (n > 0) {
      report.rows_changed += n;
      report.changed_tables.push_back(table);
    }
  }
  return report;
}

Outcome Service::handle(const Actor& actor, long long id, const std::string& status, const std::string& answer,
                        const std::string& reason, long long now) {
  if (answer.size() > kAnswerMax) return Outcome::failure("rights.errors.answer_long", "answer");
  if (reason.size() > kAnswerMax) return Outcome::failure("rights.errors.answer_long", "reason");
  if (status == "done" && trim(answer).empty()) return Outcome::failure("rights.errors.answer", "answer");
  if (status == "refused" && trim(reason).empty()) return Outcome::failure("rights.errors.reason", "reason");
  return db_.attempt([&](soci::session& sql) {
    auto r = repo_.find(sql, id);
    if (!r) return Outcome::not_found();
    if (!allowed_move(r->status, status)) return Outcome::failure("rights.errors.move", "status");
    Request next = *r;
    next.status = status;
    next.answer = answer;
    next.refusal_reason = status == "refused" ? reason : "";
    next.handled_by = actor.id;
    next.handled_at = now;
    std::string to = r->person_email;
    std::string detail = status;
    if (r->kind == "erasure" && status == "done") {
      auto account = repo_.account(sql, r->user_id);
      if (!account) return Outcome::not_found();
      auto report = erase(sql, r->user_id, *account);
      std::string kept_text;
      for (const auto& k : kept_tables())
        if (std::find(report.kept_tables.begin(), report.kept_tables.end(), k.table) != report.kept_tables.end())
          kept_text += "\n- " + std::string(k.table) + " : " + fr(std::string("rights.kept.") + k.reason);
      next.answer +=
          "\n\n" + (kept_text.empty() ? fr("rights.erased.nothing_kept") : fr("rights.erased.kept_intro") + kept_text);
      detail += " rows=" + std::to_string(report.rows_changed);
    }
    if (!repo_.update(sql, id, r->status, next)) return Outcome::conflict("rights.errors.changed");
    audit_.record(sql, actor, "privacy.request." + status, "privacy_request:" + std::to_string(id), detail);
    if (status == "done" || status == "refused") {
      std::string body = fr("rights.mail.answer_body", {{"kind", fr("rights.kinds." + r->kind)},
                                                        {"date", format_local(r->received_at, "%d/%m/%Y")},
                                                        {"status", fr("rights.statuses." + status)},
                                                        {"answer", status == "done" ? next.answer : reason}});
      mail_.enqueue(sql, to, fr("rights.mail.answer_subject", {{"of_kind", fr("rights.kinds_of." + r->kind)}}), body);
    }
    return Outcome::success(id);
  });
}

Outcome Service::extend(const Actor& actor, long long id, const std::string& reason, long long now) {
  if (reason.size() > kAnswerMax) return Outcome::failure("rights.errors.answer_long", "extension_reason");
  if (trim(reason).empty()) return Outcome::failure("rights.errors.extension_reason", "extension_reason");
  return db_.attempt([&](soci::session& sql) {
    auto r = repo_.find(sql, id);
    if (!r) return Outcome::not_found();
    if (!open_status(r->status)) return Outcome::failure("rights.errors.extension_closed", "extension_reason");
    if (r->extended_at != 0) return Outcome::failure("rights.errors.extension_twice", "extension_reason");
    if (!extendable(*r, now)) return Outcome::failure("rights.errors.extension_late", "extension_reason");
    long long due = extended_due_at(r->received_at);
    if (!repo_.extend(sql, id, due, reason, now)) return Outcome::conflict("rights.errors.changed");
    audit_.record(sql, actor, "privacy.request.extended", "privacy_request:" + std::to_string(id),
                  "due=" + format_local(due, "%Y-%m-%d"));
    std::string body = fr("rights.mail.extended_body", {{"kind", fr("rights.kinds." + r->kind)},
                                                        {"date", format_local(r->received_at, "%d/%m/%Y")},
                                                        {"due", format_local(due, "%d/%m/%Y")},
                                                        {"reason", reason}});
    mail_.enqueue(sql, r->person_email,
                  fr("rights.mail.extended_subject", {{"of_kind", fr("rights.kinds_of." + r->kind)}}), body);
    return Outcome::success(id);
  });
}

long long Service::remind(long long now) {
  return db_.write([&](soci::session& sql) -> long long {
    auto officers = repo_.officers(sql);
    if (officers.empty()) return 0;
    auto due = repo_.claim_due(sql, now + kReminderDays * 86400, local_day(now));
    if (due.empty()) return 0;
    std::string lines;
    for (const auto& r : due) {
      long long left = days_left(r.due_at, now);
      lines += "\n- " + fr("rights.mail.reminder_line",
                           {{"id", std::to_string(r.id)},
                            {"kind", fr("rights.kinds." + r.kind)},
                            {"received", format_local(r.received_at, "%d/%m/%Y")},
                            {"due", format_local(r.due_at, "%d/%m/%Y")},
                            {"left", left < 0 ? fr("rights.overdue", {{"n", std::to_string(-left)}})
                                              : fr("rights.days_left", {{"n", std::to_string(left)}})}});
    }
    std::string body =
        fr("rights.mail.reminder_body",
           {{"n", std::to_string(due.size())}, {"lines", lines}, {"url", public_url_ + "/admin/vie-privee/demandes"}});
    std::string subject = fr("rights.mail.reminder_subject", {{"n", std::to_string(due.size())}});
    for (const auto& to : officers) mail_.enqueue(sql, to, subject, body);
    return static_cast<long long>(due.size());
  });
}

}  // namespace trame::privacy::rights
