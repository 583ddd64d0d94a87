// Tests of runtime/rt/prof.c: the CPU-profile sample buffer (record
// format, overflow accounting, eof, concurrent writers against one
// reader) and real SIGPROF sampling of a spinning thread.
#include "runtime/rt/prof.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace {

struct Batch {
  std::vector<uint64_t> data;
  std::vector<void *> tags;
  intptr_t words = 0;
  intptr_t nrec = 0;
};

Batch ReadOnce(intptr_t ndata = 1 << 15, intptr_t ntags = 1 << 10) {
  Batch b;
  b.data.resize(ndata);
  b.tags.resize(ntags);
  b.words = prof_read(b.data.data(), ndata, b.tags.data(), ntags, &b.nrec);
  return b;
}

// Walks the records of a batch; returns their count (-1 if malformed).
int CountRecords(const Batch &b) {
  intptr_t i = 0;
  int n = 0;
  while (i < b.words) {
    if (b.data[i] < 3 || i + (intptr_t)b.data[i] > b.words) return -1;
    i += b.data[i];
    n++;
  }
  return n;
}

// Starting at an hz so low the timer never fires during the test makes
// the buffer usable by hand.
void StartQuiet() {
  prof_set_cpu_rate(1);
}

void StopAndDrain() {
  prof_set_cpu_rate(0);
  for (int i = 0; i < 100; i++)
    if (ReadOnce().words < 0) return;
  FAIL() << "no eof after stop";
}

TEST(Prof, HeaderSamplesAndEof) {
  StartQuiet();
  uintptr_t stk[3] = {0x1001, 0x2002, 0x3003};
  int tag;
  ASSERT_TRUE(prof_buf_add(stk, 3, &tag));
  ASSERT_TRUE(prof_buf_add(stk, 1, nullptr));
  Batch b = ReadOnce();
  ASSERT_EQ(b.words, 3 + 6 + 4);
  ASSERT_EQ(b.nrec, 3);
  EXPECT_EQ(CountRecords(b), 3);
  EXPECT_EQ(b.data[0], 3u); // header: {3, 0, hz}
  EXPECT_EQ(b.data[2], 1u);
  EXPECT_EQ(b.data[3], 6u); // {3+n, time, count, stk...}
  EXPECT_EQ(b.data[5], 1u);
  EXPECT_EQ(b.data[6], 0x1001u);
  EXPECT_EQ(b.data[8], 0x3003u);
  EXPECT_EQ(b.tags[1], &tag);
  EXPECT_EQ(b.tags[2], nullptr);
  EXPECT_EQ(ReadOnce().words, 0); // nothing new, not stopped: empty, not eof
  prof_set_cpu_rate(0);
  EXPECT_EQ(ReadOnce().words, -1);
}

TEST(Prof, SecondStartIsRefusedWhileRunning) {
  StartQuiet();
  uintptr_t pc = 0x42;
  ASSERT_TRUE(prof_buf_add(&pc, 1, nullptr));
  prof_set_cpu_rate(100); // refused: prints gc's message, keeps hz 1
  Batch b = ReadOnce();
  ASSERT_GE(b.words, 3);
  EXPECT_EQ(b.data[2], 1u);
  StopAndDrain();
}

TEST(Prof, OverflowIsReportedAsLostRecord) {
  StartQuiet();
  uintptr_t pc = 0x42;
  int added = 0, dropped = 0;
  for (int i = 0; i < PROF_SLOTS + 10; i++)
    (prof_buf_add(&pc, 1, nullptr) ? added : dropped)++;
  EXPECT_EQ(added, PROF_SLOTS);
  EXPECT_EQ(dropped, 10);
  EXPECT_EQ(prof_samples_lost(), 10u);
  Batch b = ReadOnce(1 << 15, 2 * PROF_SLOTS);
  ASSERT_GE(b.words, 3 + 4);
  // the overflow record: count 0 and one "PC" holding the lost count
  EXPECT_EQ(b.data[3], 4u);
  EXPECT_EQ(b.data[5], 0u);
  EXPECT_EQ(b.data[6], 10u);
  EXPECT_EQ(CountRecords(b), 2 + PROF_SLOTS);
  StopAndDrain();
}

TEST(Prof, ReadStopsWhenTheNextRecordDoesNotFit) {
  StartQuiet();
  uintptr_t stk[PROF_MAX_STACK] = {};
  for (int i = 0; i < 4; i++)
    ASSERT_TRUE(prof_buf_add(stk, PROF_MAX_STACK, nullptr));
  Batch b = ReadOnce(3 + 2 * (3 + PROF_MAX_STACK) + 5);
  EXPECT_EQ(b.nrec, 3);
  Batch c = ReadOnce();
  EXPECT_EQ(c.nrec, 2);
  StopAndDrain();
}

TEST(Prof, ConcurrentWritersOneReader) {
  StartQuiet();
  ReadOnce(); // the header
  constexpr int kThreads = 4, kEach = 20000;
  std::atomic<int> ok{0};
  std::atomic<bool> done{false};
  uint64_t read = 0;
  std::thread reader([&] {
    for (;;) {
      bool last = done.load();
      Batch b = ReadOnce();
      for (intptr_t i = 0; i < b.words; i += b.data[i]) {
        if (b.data[i + 2] == 0) continue; // overflow record
        EXPECT_EQ(b.data[i], 5u);
        EXPECT_EQ(b.data[i + 3] + 1, b.data[i + 4]); // never torn
        read++;
      }
      if (last && b.words == 0) break;
      std::this_thread::yield();
    }
  });
  std::vector<std::thread> ws;
  for (int t = 0; t < kThreads; t++)
    ws.emplace_back([&, t] {
      for (int i = 0; i < kEach; i++) {
        uintptr_t stk[2] = {(uintptr_t)(t * kEach + i), (uintptr_t)(t * kEach + i + 1)};
        if (prof_buf_add(stk, 2, nullptr)) ok++;
      }
    });
  for (auto &w : ws)
    w.join();
  done = true;
  reader.join();
  EXPECT_EQ(read, (uint64_t)ok.load());
  EXPECT_EQ(ok.load() + prof_samples_lost(), (uint64_t)kThreads * kEach);
  StopAndDrain();
}

__attribute__((noinline)) uint64_t Spin(std::chrono::milliseconds d) {
  auto end = std::chrono::steady_clock::now() + d;
  volatile uint64_t x = 0;
  while (std::chrono::steady_clock::now() < end)
    for (int i = 0; i < 1000; i++)
      x = x + i;
  return x;
}

TEST(Prof, SigprofSamplesASpinningThread) {
  prof_set_cpu_rate(500);
  Spin(std::chrono::milliseconds(300));
  prof_set_cpu_rate(0);
  uint64_t taken = prof_samples_taken();
  int records = 0;
  bool header = false;
  for (;;) {
    Batch b = ReadOnce();
    if (b.words < 0) break;
    ASSERT_GE(CountRecords(b), 0);
    for (intptr_t i = 0; i < b.words; i += b.data[i]) {
      if (b.data[i] == 3 && b.data[i + 2] == 500) {
        header = true;
        continue;
      }
      EXPECT_NE(b.data[i + 3], 0u); // the interrupted PC (+1)
      records++;
    }
  }
  EXPECT_TRUE(header);
  // 300 ms of CPU at 500 Hz is ~150 samples; a loaded machine or a
  // sanitizer gives fewer, never none.
  EXPECT_GT(taken, 5u);
  EXPECT_EQ((uint64_t)records, taken);
}

} // namespace
