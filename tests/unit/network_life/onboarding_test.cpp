// Referents' onboarding (src/network_life/onboarding): which attendance onboards, the N-years cutoff and
// its setting, and the listener on a real (temporary SQLite) database: an atelier d'appropriation attended
// by a referent of the relais writes the history row and the booking gate's date in the caller's
// transaction (the gate then accepts), once per event; a café découverte, a non-referent or a later
// manual date are left alone.
#include <gtest/gtest.h>

#include "network/partnerships/service.hpp"
#include "network_life/onboarding/service.hpp"
#include "outings/bookings/queue.hpp"
#include "questionnaires/campaigns/service.hpp"
#include "../platform/temp_database.hpp"

using namespace trame;
using trame::onboarding::onboards;
using trame::onboarding::valid_years_of;
using trame::onboarding::years_before;

TEST(OnboardingRules, OnlyTheWorkshopWithAPersonAndADayOnboards) {
  EXPECT_TRUE(onboards({1, "atelier_appropriation", 7, 3, "2024-03-12"}));
  EXPECT_FALSE(onboards({1, "cafe_decouverte", 7, 3, "2024-03-12"}));
  EXPECT_FALSE(onboards({1, "atelier_appropriation", 0, 3, "2024-03-12"}));  // a person supported
  EXPECT_FALSE(onboards({1, "atelier_appropriation", 7, 3, "12/03/2024"}));
  EXPECT_FALSE(onboards({1, "atelier_appropriation", 7, 3, ""}));
}

TEST(OnboardingRules, YearsBefore) {
  EXPECT_EQ(years_before("2026-12-05", 3), "2023-12-05");
  EXPECT_EQ(years_before("2028-02-29", 1), "2027-02-28");
  EXPECT_EQ(years_before("2026-01-01", 10), "2016-01-01");
}

TEST(OnboardingRules, ValidYearsSetting) {
  EXPECT_EQ(valid_years_of(""), 3);
  EXPECT_EQ(valid_years_of("5"), 5);
  EXPECT_EQ(valid_years_of("0"), 3);
  EXPECT_EQ(valid_years_of("-2"), 3);
  EXPECT_EQ(valid_years_of("abc"), 3);
  EXPECT_EQ(valid_years_of("999"), 3);
}

namespace {

class OnboardingListener : public unit::TempSqlite {
 protected:
  void SetUp() override {
    TempSqlite::SetUp();
    audit_ = std::make_unique<audit::Service>(*db_, keys_);
    mail_ = std::make_unique<mail::Service>(*db_, mail::SmtpSettings{});
    queue_ = std::make_unique<bookings::Queue>(*db_, *audit_, *mail_, "http://localhost");
    partnerships_ = std::make_unique<partnerships::Service>(*db_, *audit_);
    organisations_ = std::make_unique<organisations::Service>(*db_, *audit_);
    bookings_ = std::make_unique<bookings::Service>(*db_, *audit_, *mail_, *queue_, *partnerships_, catalogue_,
                                                    "http://localhost");
    campaigns_ = std::make_unique<campaigns::Service>(*db_, *audit_, *mail_, catalogue_, "http://localhost");
    events_ = std::make_unique<events::Service>(*db_, *audit_, *mail_, catalogue_, "http://localhost", *organisations_,
                                                *bookings_, *campaigns_);
    onboarding_ = std::make_unique<onboarding::Service>(*db_, *audit_, *bookings_, *events_);
    db_->write([&](soci::session& sql) {
      sql << "INSERT INTO organisations (name, kind, status, created_at) VALUES ('Réseau', 'social', 'active', 0)";
      sql << "INSERT INTO organisations (name, kind, status, created_at) VALUES ('Relais', 'social', 'active', 0)";
      sql << "SELECT id FROM organisations WHERE name = 'Réseau'", soci::into(network_);
      sql << "SELECT id FROM organisations WHERE name = 'Relais'", soci::into(relais_);
      sql << "INSERT INTO partnerships (organisation_id, partner_id, kind, status, start_date, charter_signed_on, "
             "created_at, updated_at) VALUES (:n, :r, 'social_relay', 'active', '2020-01-01', '2020-01-02', 0, 0)",
          soci::use(network_), soci::use(relais_);
      for (const char* email : {"ref@relais.example", "vol@relais.example"}) {
        std::string e = email;
        sql << "INSERT INTO users (email, name, created_at) VALUES (:e, :e2, 0)", soci::use(e), soci::use(e);
      }
      sql << "SELECT id FROM users WHERE email = 'ref@relais.example'", soci::into(referent_);
      sql << "SELECT id FROM users WHERE email = 'vol@relais.example'", soci::into(volunteer_);
      sql << "INSERT INTO memberships (user_id, organisation_id, role, created_at) VALUES (:u, :o, 'referent', 0)",
          soci::use(referent_), soci::use(relais_);
      sql << "INSERT INTO memberships (user_id, organisation_id, role, created_at) VALUES (:u, :o, 'volunteer', 0)",
          soci::use(volunteer_), soci::use(relais_);
    });
  }
  void TearDown() override {
    onboarding_.reset();
    events_.reset();
    campaigns_.reset();
    bookings_.reset();
    organisations_.reset();
    partnerships_.reset();
    queue_.reset();
    mail_.reset();
    audit_.reset();
    TempSqlite::TearDown();
    std::filesystem::remove(path_.string() + ".head");
  }
  long long attend(const std::string& kind, long long user, long long event, const std::string& day,
                   long long organisation = -1) {
    return db_->write([&](soci::session& sql) {
      return onboarding_->record_attended(sql, Actor{1, "coordination@reseau.example", ""},
                                          {event, kind, user, organisation < 0 ? relais_ : organisation, day});
    });
  }
  std::string gate(long long user) {
    return db_->read([&](soci::session& sql) {
      std::string d;
      sql << "SELECT COALESCE(MAX(onboarded_on), '') FROM memberships WHERE user_id = :u", soci::use(user),
          soci::into(d);
      return d;
    });
  }
  long long history(long long user) {
    return db_->read([&](soci::session& sql) {
      long long n = 0;
      sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM life_onboardings WHERE user_id = :u", soci::use(user), soci::into(n);
      return n;
    });
  }

  web::SecretKeys keys_{"une-clé-secrète-de-test-assez-longue-0123456789"};
  web::Catalogue catalogue_;
  std::unique_ptr<audit::Service> audit_;
  std::unique_ptr<mail::Service> mail_;
  std::unique_ptr<bookings::Queue> queue_;
  std::unique_ptr<partnerships::Service> partnerships_;
  std::unique_ptr<organisations::Service> organisations_;
  std::unique_ptr<bookings::Service> bookings_;
  std::unique_ptr<campaigns::Service> campaigns_;
  std::unique_ptr<events::Service> events_;
  std::unique_ptr<onboarding::Service> onboarding_;
  long long network_ = 0, relais_ = 0, referent_ = 0, volunteer_ = 0;
};

}  // namespace

TEST_F(OnboardingListener, TheWorkshopOnboardsTheReferentAndOpensTheGate) {
  EXPECT_EQ(bookings_->eligibility(referent_, relais_).error, "bookings.eligibility.not_onboarded");
  EXPECT_EQ(attend("atelier_appropriation", referent_, 41, "2024-03-12"), 1);
  EXPECT_EQ(gate(referent_), "2024-03-12");
  EXPECT_EQ(history(referent_), 1);
  EXPECT_TRUE(bookings_->eligibility(referent_, relais_).ok);
  // The same event again: nothing more.
  EXPECT_EQ(attend("atelier_appropriation", referent_, 41, "2024-03-12"), 0);
  EXPECT_EQ(history(referent_), 1);
  // A later workshop moves the date forward; an earlier one is kept in the history only.
  EXPECT_EQ(attend("atelier_appropriation", referent_, 42, "2025-06-01"), 1);
  EXPECT_EQ(gate(referent_), "2025-06-01");
  EXPECT_EQ(attend("atelier_appropriation", referent_, 40, "2023-01-10"), 1);
  EXPECT_EQ(gate(referent_), "2025-06-01");
  EXPECT_EQ(history(referent_), 3);
}

TEST_F(OnboardingListener, WithoutOrganisationEveryRelaisOfTheReferent) {
  EXPECT_EQ(attend("atelier_appropriation", referent_, 43, "2024-03-12", 0), 1);
  EXPECT_EQ(gate(referent_), "2024-03-12");
}

TEST_F(OnboardingListener, OtherKindsAndOtherPeopleAreLeftAlone) {
  EXPECT_EQ(attend("cafe_decouverte", referent_, 44, "2024-03-12"), 0);
  EXPECT_EQ(gate(referent_), "");
  EXPECT_EQ(attend("atelier_appropriation", volunteer_, 45, "2024-03-12"), 0);
  EXPECT_EQ(gate(volunteer_), "");
  EXPECT_EQ(history(volunteer_), 0);
  EXPECT_EQ(attend("atelier_appropriation", referent_, 46, "2024-03-12", network_), 0);  // no referent there
  EXPECT_EQ(history(referent_), 0);
}
