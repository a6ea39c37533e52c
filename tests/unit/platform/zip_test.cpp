// ZIP writer (platform/docs/zip): archives read back entry by entry (names, CRCs, contents inflated
// by zlib), streamed to the sink entry by entry, DOS dates in Paris time, unsafe names refused, and
// `unzip -t` on a written file when unzip is installed.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>

#include <unistd.h>

#include <zlib.h>

#include "platform/docs/zip.hpp"

using namespace trame;

namespace {

class Zip : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("TZ", "Europe/Paris", 1);
    tzset();
  }
};

std::string write(const std::vector<std::pair<std::string, std::string>>& files, long long when) {
  std::string out;
  docs::ZipWriter zip([&out](std::string_view bytes) { out.append(bytes); });
  for (const auto& [name, data] : files) zip.add(name, data, when);
  zip.finish();
  return out;
}

std::string noise(std::size_t n) {
  std::mt19937 gen(42);
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(gen() & 0xFF);
  return s;
}

// 2027-03-15 14:30:20 in Paris (winter time, UTC+1).
const long long kWhen = 1805117420;

}  // namespace

TEST_F(Zip, ReadsBackNamesCrcsAndContents) {
  std::string text;
  for (int i = 0; i < 200; ++i) text += "Feuille d'émargement signée, demi-journée " + std::to_string(i) + "\n";
  std::string random = noise(5000);
  std::string archive = write({{"01-devis-é.pdf", text}, {"02-aléatoire.bin", random}, {"vide.txt", ""}}, kWhen);
  auto entries = docs::read_zip(archive);
  ASSERT_EQ(entries.size(), 3U);
  EXPECT_EQ(entries[0].name, "01-devis-é.pdf");
  EXPECT_EQ(entries[0].method, 8);  // text compresses: deflated
  EXPECT_LT(entries[0].compressed, entries[0].size);
  EXPECT_EQ(entries[0].data, text);
  EXPECT_EQ(entries[0].crc, static_cast<std::uint32_t>(
                                crc32(0, reinterpret_cast<const Bytef*>(text.data()), static_cast<uInt>(text.size()))));
  EXPECT_TRUE(entries[0].flags & (1U << 11));  // UTF-8 names
  EXPECT_EQ(entries[1].method, 0);             // random bytes do not compress: stored
  EXPECT_EQ(entries[1].data, random);
  EXPECT_EQ(entries[2].size, 0U);
  EXPECT_EQ(entries[2].data, "");
}

TEST_F(Zip, InflatesWithZlibDirectly) {
  std::string text(10000, 'a');
  std::string archive = write({{"a.txt", text}}, kWhen);
  // The local header is 30 bytes + the name; the raw deflate stream follows.
  std::uint32_t compressed = static_cast<unsigned char>(archive[18]) | (static_cast<unsigned char>(archive[19]) << 8) |
                             (static_cast<unsigned char>(archive[20]) << 16) |
                             (static_cast<unsigned char>(archive[21]) << 24);
  z_stream zs{};
  ASSERT_EQ(inflateInit2(&zs, -MAX_WBITS), Z_OK);
  std::string out(text.size() + 16, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(archive.data() + 30 + 5);
  zs.avail_in = compressed;
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  inflateEnd(&zs);
  EXPECT_EQ(out, text);
}

TEST_F(Zip, StreamsEntryByEntry) {
  std::vector<std::size_t> pieces;
  std::string out;
  docs::ZipWriter zip([&](std::string_view bytes) {
    pieces.push_back(bytes.size());
    out.append(bytes);
  });
  zip.add("un.txt", "premier", kWhen);
  const std::size_t after_first = out.size();
  EXPECT_GT(after_first, 30U);  // the first entry is out before the second exists
  zip.add("deux.txt", "second", kWhen);
  EXPECT_GT(out.size(), after_first);
  EXPECT_EQ(zip.entries(), 2U);
  zip.finish();
  EXPECT_EQ(zip.bytes_written(), out.size());
  EXPECT_EQ(out.substr(out.size() - 22, 4), std::string("PK\x05\x06", 4));
  EXPECT_THROW(zip.add("trois.txt", "x", kWhen), std::logic_error);
  EXPECT_EQ(docs::read_zip(out).size(), 2U);
}

TEST_F(Zip, DosDateTimeInParisTime) {
  auto d = docs::dos_date_time(kWhen);
  EXPECT_EQ(d.date >> 9, 2027 - 1980);
  EXPECT_EQ((d.date >> 5) & 0xF, 3);
  EXPECT_EQ(d.date & 0x1F, 15);
  EXPECT_EQ(d.time >> 11, 14);  // 13:30 UTC is 14:30 in Paris
  EXPECT_EQ((d.time >> 5) & 0x3F, 30);
  EXPECT_EQ((d.time & 0x1F) * 2, 20);
  // Summer time: 2027-07-01 10:00 UTC is 12:00 in Paris.
  EXPECT_EQ(docs::dos_date_time(1814436000).time >> 11, 12);
  // Before 1980: the first DOS day.
  auto old = docs::dos_date_time(0);
  EXPECT_EQ(old.date, (1 << 5) | 1);
  EXPECT_EQ(old.time, 0);
}

TEST_F(Zip, RefusesUnsafeNames) {
  docs::ZipWriter zip([](std::string_view) {});
  EXPECT_THROW(zip.add("", "x", kWhen), std::invalid_argument);
  EXPECT_THROW(zip.add("/etc/passwd", "x", kWhen), std::invalid_argument);
  EXPECT_THROW(zip.add("a/../../b", "x", kWhen), std::invalid_argument);
  EXPECT_THROW(zip.add("a\\b", "x", kWhen), std::invalid_argument);
  EXPECT_THROW(zip.add(std::string("a\0b", 3), "x", kWhen), std::invalid_argument);
  EXPECT_NO_THROW(zip.add("dossier/fichier..pdf", "x", kWhen));
}

TEST_F(Zip, ReaderRefusesCorruptArchives) {
  std::string archive = write({{"a.txt", std::string(1000, 'z')}}, kWhen);
  std::string broken = archive;
  broken[40] = static_cast<char>(broken[40] ^ 0x55);  // inside the deflated data
  EXPECT_THROW(docs::read_zip(broken), std::runtime_error);
  EXPECT_THROW(docs::read_zip(archive.substr(0, archive.size() - 5)), std::runtime_error);
}

TEST_F(Zip, UnzipTestsAWrittenFile) {
  if (std::system("command -v unzip >/dev/null 2>&1") != 0) GTEST_SKIP() << "unzip is not installed";
  auto path = std::filesystem::temp_directory_path() / ("trame-zip-test-" + std::to_string(::getpid()) + ".zip");
  {
    std::ofstream f(path, std::ios::binary);
    f << write({{"01-programme.pdf", std::string(3000, 'p')}, {"02-émargement.bin", noise(2000)}, {"sommaire.txt", ""}},
               kWhen);
  }
  const std::string command = "unzip -tq '" + path.string() + "' >/dev/null 2>&1";
  EXPECT_EQ(std::system(command.c_str()), 0);
  std::filesystem::remove(path);
}
