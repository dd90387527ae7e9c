#!/usr/bin/env python3
"""Proves that the bank rules' tests can fail: breaks each rule in src/domain/bank.rs in turn (one
small text edit per rule), runs the domain's tests, and reports which named tests caught it.
Every mutation must be caught by at least one test; the file is restored afterwards, whatever
happens. When the code a mutation names has moved, the script says so: update the mutation.

Usage: scripts/check-rule-tests.py   (a few minutes: one domain test build per mutation)
"""
import os, subprocess, sys
os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
muts = {
 "rule1_unknown_id_not_counted": ('''        let state = ledger.customer_mut(contract_id);
        if state.login_locked() {''','''        if self.directory.card(contract_id).is_none() { return Err(BankError::BadCredentials); }
        let state = ledger.customer_mut(contract_id);
        if state.login_locked() {'''),
 "rule2_count_on_token": ('''        let state = ledger.customer_mut(contract_id);
        state.new_token_failures += 1;
        Err(if state.new_token_locked() {
            BankError::NewTokenLocked''','''        let state = ledger.token_mut(&new.serial);
        state.failures += 1;
        Err(if state.is_locked() {
            BankError::TokenLocked'''),
 "rule2_distinct_unknown": ('''            None => Judgement::Wrong,
        };''','''            None => return Err(BankError::SameToken),
        };'''),
 "rule3_exchange_skips_current": ('''        let old_step = self.check_current_code(ledger, &old, &request.current_code, now);''','''        let old_step: Result<u64, BankError> = Ok(0);'''),
 "rule3_locked_token_stoppable": ('''    if token_locked && matches!(procedure, Procedure::Exchange | Procedure::Stop) {''','''    if false && token_locked {'''),
 "rule3_lost_stops": ('''            if matches!(change, Change::Suspended { .. }) {''','''            if false {'''),
 "rule4_step_skips_locks": ('''        let checked = check_locks(ledger, &contract_id, purpose).and_then(|()| match purpose {''','''        let checked = Ok(()).and_then(|()| match purpose {'''),
 "rule4_confirm_skips_locks": ('''        let locks = check_locks(ledger, &contract_id, purpose);''','''        let locks: Result<(), BankError> = { let _ = purpose; Ok(()) };'''),
 "rule3_exchange_spends_current_first": ('''        let old_step = self.close_if_over(flow, old_step)?;
        let new_step''','''        let old_step = self.close_if_over(flow, old_step)?;
        ledger.token_mut(&old).accept(old_step);
        let new_step'''),
 "rule3_desk_stop_forgets_used_steps": ('''        ledger.token_mut(&enrolment.serial).failures = 0;''','''        ledger.tokens.retain(|t| t.serial != enrolment.serial);'''),
 "rule2_new_token_lock_not_on_exchange": ('''        && matches!(procedure, Procedure::Start | Procedure::Exchange)''','''        && matches!(procedure, Procedure::Start)'''),
 "rule5_past_drift_not_remembered": ('''                refuse(ledger, serial, step);''','''                if step > totp::step_of(now) { refuse(ledger, serial, step); }'''),
 "rule5_new_token_past_drift_not_remembered": ('''                refuse(ledger, &new.serial, step);''','''                if step > totp::step_of(now) { refuse(ledger, &new.serial, step); }'''),
 "rule10_card_challenge_redrawn_per_flow": ('''            .get_or_insert_with(|| CardChallenge::draw(rng));''','''            .insert(CardChallenge::draw(rng));'''),
 "rule10_card_challenge_kept_after_an_answer": ('''        state.challenge = None;''','''        let _ = &state.challenge;'''),
 "rule5_drift_not_remembered": ('''    ledger.token_mut(serial).refuse_step(step);''','''    let _ = (ledger, serial, step);'''),
}
PATH = "src/domain/bank.rs"
orig = open(PATH).read()
missed = []
try:
    for name, (a, b) in muts.items():
        if a not in orig:
            print(f"{name}: the code this mutation edits has changed; update the mutation")
            missed.append(name)
            continue
        open(PATH, "w").write(orig.replace(a, b))
        out = subprocess.run(["cargo", "test", "-p", "shinkin-otp-domain", "--lib", "bank::"],
                             capture_output=True, text=True)
        failed = [l.split()[1] for l in out.stdout.splitlines()
                  if l.startswith("test ") and l.endswith("FAILED")]
        if not failed and "error[" in out.stderr:
            failed = ["(does not compile) " + out.stderr[:300]]
        print(f"{name} -> {', '.join(failed) if failed else 'NO TEST FAILED'}")
        if not failed:
            missed.append(name)
finally:
    open(PATH, "w").write(orig)
sys.exit(1 if missed else 0)
