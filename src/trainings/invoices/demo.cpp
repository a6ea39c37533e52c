// Sagiterre's « Session printemps 2027 »: the employer of the admitted trainee is billed in instalments, so that
// the demo shows an invoice at every status: cancelled by a credit note, paid, overdue, partially paid, sent.
#include "platform/core/calendar.hpp"
#include "trainings/invoices/service.hpp"

namespace trame::invoices {

void Service::load_demo(const Actor& actor) {
  const long long now = store::now_seconds();
  const long long kDay = 86400;
  db_.attempt([&](soci::session& sql) {
    long long session_id = 0, application_id = 0, existing = 0;
    const std::string programme = "Pouvoir d'agir et coopération à l'épreuve du territoire";
    const std::string title = "Session printemps 2027";
    sql << "SELECT s.id FROM training_sessions s JOIN training_programmes p ON p.id = s.programme_id "
           "WHERE p.title = :p AND s.title = :s ORDER BY s.id LIMIT 1",
        soci::into(session_id), soci::use(programme), soci::use(title);
    if (!sql.got_data()) return Outcome::success();
    sql << "SELECT COUNT(*) FROM training_invoices WHERE session_id = :s", soci::into(existing), soci::use(session_id);
    if (existing > 0) return Outcome::success();
    sql << "SELECT a.id FROM training_applications a JOIN users u ON u.id = a.user_id WHERE a.session_id = :s "
           "AND u.email = 'stagiaire@paul-guimard.local' AND a.status IN ('admitted','confirmed') ORDER BY a.id "
           "LIMIT 1",
        soci::into(application_id), soci::use(session_id);
    if (!sql.got_data()) return Outcome::success();
    auto b = repo_.billable(sql, application_id);
    if (!b || b->price_cents <= 0) return Outcome::success();
    const std::string email = "comptabilite@paul-guimard.local";
    const std::string buyer = b->organisation_name.empty() ? b->name : b->organisation_name;
    auto bill_at = [&](long long days_ago, long long cents) -> long long {
      BillInput in;
      in.application_id = application_id;
      in.payer = "employer";
      in.buyer_name = buyer;
      const long long whole = cents / 100, frac = cents % 100;
      in.amounts["rest"] = std::to_string(whole) + "," + (frac < 10 ? "0" : "") + std::to_string(frac);
      in.emails["rest"] = email;
      in.addresses["rest"] = b->organisation_address;
      const long long at = now - days_ago * kDay;
      bill_in(sql, actor, in, local_day(at), at);
      long long id = 0;
      sql << "SELECT MAX(id) FROM training_invoices WHERE application_id = :a", soci::into(id),
          soci::use(application_id);
      return id;
    };
    auto pay = [&](long long id, long long days_ago, long long cents, const std::string& method) {
      auto i = repo_.find(sql, id, false);
      if (!i) return;
      Payment p;
      p.invoice_id = id;
      p.paid_on = local_day(now - days_ago * kDay);
      p.amount_cents = cents;
      p.method = method;
      p.reference = method == "transfer" ? "VIR-" + i->number : "";
      p.created_at = now - days_ago * kDay;
      repo_.add_payment(sql, p, actor.id);
      const long long paid = i->paid_cents + cents;
      repo_.set_paid(sql, id, paid, paid >= i->total_ttc_cents ? "paid" : "partially_paid");
    };
    const long long price = b->price_cents;
    const long long quarter = price / 4;
    // The whole price billed to a wrong address, cancelled by a credit note five days later.
    long long first = bill_at(75, price);
    if (auto i = repo_.find(sql, first, false)) {
      const long long at = now - 70 * kDay;
      repo_.claim_status(sql, first, i->status, "cancelled");
      Invoice c = *i;
      c.kind = "credit_note";
      c.credit_of = first;
      c.reason = "Adresse de facturation erronée : la facture est remplacée par un échéancier en quatre factures.";
      c.issued_on = local_day(at);
      c.due_on = c.issued_on;
      Invoice made = issue(sql, actor, c, at);
      send_in(sql, actor, made, email, "credit", at);
    }
    // Then four instalments: paid, overdue, partially paid, sent.
    long long paid = bill_at(60, quarter);
    pay(paid, 40, quarter, "transfer");
    long long late = bill_at(50, quarter);
    repo_.claim_overdue(sql, late, local_day(now), now);
    long long partial = bill_at(10, quarter);
    pay(partial, 3, quarter / 2, "cheque");
    bill_at(2, price - 3 * quarter);
    return Outcome::success();
  });
}

}  // namespace trame::invoices
