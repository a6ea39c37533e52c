#include "certification/certificates/service.hpp"

#include <algorithm>
#include <set>

#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/docs/pdf.hpp"
#include "platform/store/rate_limits.hpp"

namespace trame::certificates {

Name split_name(const std::string& raw) {
  std::string full = trim(raw);
  // A trailing "(note)" stays with the word before it.
  std::size_t end = full.size();
  if (!full.empty() && full.back() == ')') {
    auto open = full.rfind(" (");
    if (open != std::string::npos) end = open;
  }
  auto space = full.rfind(' ', end == 0 ? 0 : end - 1);
  if (space == std::string::npos || space >= end) return Name{full, ""};
  return Name{trim(full.substr(space + 1)), trim(full.substr(0, space))};
}

std::vector<std::string> block_codes(const std::string& list) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= list.size()) {
    auto comma = list.find(',', start);
    if (comma == std::string::npos) comma = list.size();
    std::string code = trim(list.substr(start, comma - start));
    if (!code.empty()) out.push_back(code);
    start = comma + 1;
  }
  return out;
}

std::string Service::t(const std::string& key, const web::Params& params) const {
  return catalogue_.t("fr", key, params);
}

std::string Service::code_of(const Certificate& c) const {
  auto key = keys_.find(kCertificateContext, c.key_id);
  return key ? make_code(*key, c.id) : std::string();
}

std::optional<SessionState> Service::managed_session(const ActingFor& managed, long long session_id) {
  auto s = db_.read([&](soci::session& sql) { return repo_.session(sql, session_id); });
  if (!s || !managed.covers(s->owner_id)) return std::nullopt;
  return s;
}

std::vector<Certificate> Service::of_session(long long session_id) {
  return db_.read([&](soci::session& sql) { return repo_.of_session(sql, session_id); });
}

Outcome Service::issue(const Actor& actor, const ActingFor& managed, long long session_id) {
  auto key = keys_.current(kCertificateContext);
  try {
    return db_.attempt([&](soci::session& sql) {
      auto s = repo_.session(sql, session_id);
      if (!s || !managed.covers(s->owner_id)) roll_back(Outcome::not_found());
      if (!s->minutes_locked_at) refuse("certificates.errors.minutes_not_locked");
      long long now = store::now_seconds();
      long long issued = 0;
      for (const auto& candidate : repo_.candidates(sql, session_id)) {
        if (repo_.exists(sql, candidate.registration_id, session_id)) continue;
        auto here = repo_.validated_in(sql, candidate.entry_id);
        if (here.empty()) continue;
        // Blocks validated in earlier sessions stay acquired until the certification's validity end.
        bool within = candidate.validity_end.empty() || s->day <= candidate.validity_end;
        auto ids = within ? repo_.acquired(sql, candidate.registration_id, s->day) : here;
        std::set<long long> acquired(ids.begin(), ids.end());
        acquired.insert(here.begin(), here.end());
        Parchment p;
        std::string codes;
        auto blocks = repo_.blocks(sql, candidate.version_id);
        for (const auto& b : blocks)
          if (acquired.count(b.id)) {
            p.acquired.push_back(b);
            codes += (codes.empty() ? "" : ",") + b.code;
          }
        if (p.acquired.empty()) continue;
        Certificate c;
        c.registration_id = candidate.registration_id;
        c.session_id = session_id;
        c.complete = p.acquired.size() == blocks.size();
        c.blocks = codes;
        c.key_id = key.id;
        long long id = repo_.insert(sql, c, now);
        p.certificate = *repo_.certificate(sql, id);
        p.code = make_code(key, id);
        p.url = verify_url(p.code);
        std::string pdf = render_pdf(p);
        std::string sha = web::sha256_hex(pdf);
        repo_.set_pdf(sql, id, pdf, sha);
        const auto& k = p.certificate;
        web::Params params = {{"name", k.holder_name},
                              {"certification", k.certification_title},
                              {"certifier", k.owner_name},
                              {"blocks", codes},
                              {"kind", t(k.complete ? "certificates.mail.complete" : "certificates.mail.partial")},
                              {"verify", p.url},
                              {"code", p.code},
                              {"url", public_url_ + "/certifications/parchemins/" + std::to_string(id)}};
        std::string subject = t("certificates.mail.subject", params), body = t("certificates.mail.body", params);
        if (pdf.size() <= mail::Service::kMaxAttachmentBytes)
          mail_.enqueue(sql, k.holder_email, subject, body,
                        mail::Attachment{docs::pdf_file_name({"parchemin", k.holder_name, k.certification_title}),
                                         "application/pdf", pdf});
        else mail_.enqueue(sql, k.holder_email, subject, body);
        audit_.record(sql, actor, "certificates.issue", "certificate:" + std::to_string(id),
                      k.registration_code + " " + (k.complete ? "complet" : "partiel") + " " + codes + " " + sha);
        ++issued;
      }
      audit_.record(sql, actor, "certificates.issued", "evaluation_session:" + std::to_string(session_id),
                    std::to_string(issued));
      return Outcome::success(issued);
    });
  } catch (const std::exception& ex) {
    // Two issuings at once: the second finds the first's certificates (UNIQUE per registration and session).
    if (store::is_unique_violation(ex)) return Outcome::conflict("certificates.errors.concurrent");
    throw;
  }
}

Outcome Service::revoke(const Actor& actor, const ActingFor& managed, long long certificate_id,
                        const std::string& raw_reason) {
  std::string reason = trim(raw_reason);
  return db_.attempt([&](soci::session& sql) {
    auto c = repo_.certificate(sql, certificate_id);
    if (!c || !managed.covers(c->owner_id)) roll_back(Outcome::not_found());
    if (c->revoked_at) roll_back(Outcome::conflict("certificates.errors.already_revoked"));
    if (reason.empty()) refuse("certificates.errors.reason", "reason");
    if (code_points(reason) > 1000) refuse("certificates.errors.reason_length", "reason");
    repo_.revoke(sql, certificate_id, store::now_seconds(), reason);
    audit_.record(sql, actor, "certificates.revoke", "certificate:" + std::to_string(certificate_id),
                  c->registration_code + " : " + reason);
    return Outcome::success(c->session_id);
  });
}

long long Service::session_of(const ActingFor& managed, long long certificate_id) {
  auto c = db_.read([&](soci::session& sql) { return repo_.certificate(sql, certificate_id); });
  return c && managed.covers(c->owner_id) ? c->session_id : 0;
}

std::optional<std::pair<Certificate, std::string>> Service::pdf(const Principal& me, long long certificate_id) {
  return db_.read([&](soci::session& sql) -> std::optional<std::pair<Certificate, std::string>> {
    auto c = repo_.certificate(sql, certificate_id);
    if (!c) return std::nullopt;
    if (c->user_id != me.id && !me.acting_for(perm::certifications_manage).covers(c->owner_id)) return std::nullopt;
    return std::pair{*c, repo_.pdf(sql, certificate_id)};
  });
}

Verification Service::verify(const std::string& ip, const std::string& code) {
  Verification v;
  long long now = store::now_seconds();
  bool allowed = db_.write([&](soci::session& sql) {
    return store::take_rate(sql, "certificates.verify:" + ip, kVerifyPerIp, kVerifyWindow, now);
  });
  if (!allowed) {
    v.status = Verification::Status::limited;
    return v;
  }
  auto parsed = parse_code(code);
  if (!parsed) return v;
  auto c = db_.read([&](soci::session& sql) { return repo_.certificate(sql, parsed->id); });
  if (!c) return v;
  auto key = keys_.find(kCertificateContext, c->key_id);
  if (!key || !code_matches(*key, *parsed)) return v;
  v.certificate = *c;
  v.status = c->revoked_at ? Verification::Status::revoked : Verification::Status::valid;
  return v;
}

std::optional<long long> Service::start_export(const Actor& actor, const ActingFor& managed,
                                               long long certification_id) {
  if (!evaluations_.candidates().referential().managed(managed, certification_id)) return std::nullopt;
  return db_.write([&](soci::session& sql) {
    long long max_id = repo_.max_id(sql, certification_id);
    long long marked = repo_.mark_exported(sql, certification_id, max_id, store::now_seconds());
    audit_.record(sql, actor, "certificates.export", "certification:" + std::to_string(certification_id),
                  "jusqu'au parchemin " + std::to_string(max_id) + ", " + std::to_string(marked) + " nouveaux");
    return max_id;
  });
}

std::vector<Certificate> Service::export_page(long long certification_id, long long max_id, long long after_id,
                                              long long limit) {
  return db_.read([&](soci::session& sql) { return repo_.exportable(sql, certification_id, max_id, after_id, limit); });
}

std::vector<ExportReminder> Service::reminders(const ActingFor& managed) {
  if (managed.none()) return {};
  auto all = db_.read(
      [&](soci::session& sql) { return repo_.not_exported(sql, store::now_seconds() - kExportReminderSeconds); });
  std::vector<ExportReminder> out;
  for (auto& r : all)
    if (managed.covers(r.owner_id)) out.push_back(r);
  return out;
}

std::vector<YearFigures> Service::figures(long long certification_id) {
  return db_.read([&](soci::session& sql) { return repo_.figures(sql, certification_id); });
}

}  // namespace trame::certificates
