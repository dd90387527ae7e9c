//! Where the browser's Back and Forward lead from each screen, and the history entries behind them.
//!
//! Each step of a flow is one history entry, one further than the step before; an entry holds only
//! its position (`browser`), never a flow handle, a contract ID or anything a reload could replay,
//! and the address never changes. So a reload still starts at ログイン, and Back or Forward can only
//! show screens that need no flow handle ([`Target`]): ログイン, or a flow's 利用者認証.
//!
//! The decisions are plain functions ([`back_from`], [`Entries`]) tested natively; `browser` is
//! the thin glue that reads `popstate` and writes `pushState`/`history.go`.

mod browser;

pub use browser::{attach, write};

use crate::domain::flows::Procedure;
use crate::ui::Screen;

/// A screen as Back and Forward see it: its place in its flow, without its flow handles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// ログイン.
    Login,
    /// ログイン's one-time password step.
    LoginCode,
    /// The page after login.
    Top,
    /// Step 1 of a procedure: 利用者認証.
    Auth(Procedure),
    /// Step 2: the token (ワンタイムパスワードの登録, 新しいトークンの登録, ワンタイムパスワードの確認).
    Token(Procedure),
    /// Step 3: 確認用パスワード入力.
    Confirm(Procedure),
    /// The last step: 処理結果 (step 4; 時刻補正's step 3, as it has no card step).
    Result(Procedure),
}

impl Step {
    /// The step a screen is at.
    pub fn of(screen: &Screen) -> Step {
        match screen {
            Screen::Login => Step::Login,
            Screen::LoginCode(_) => Step::LoginCode,
            Screen::Top(_) => Step::Top,
            Screen::Auth(kind) => Step::Auth(*kind),
            Screen::Register(kind, _) => Step::Token(*kind),
            Screen::StopToken(_) => Step::Token(Procedure::Stop),
            Screen::Confirm(kind, ..) => Step::Confirm(*kind),
            Screen::Result(kind, _) => Step::Result(*kind),
            Screen::ResyncToken(_) => Step::Token(Procedure::Resync),
            Screen::Resynced(_) => Step::Result(Procedure::Resync),
        }
    }

    /// Its history entry, counted from ログイン's: each step of a flow is one entry further.
    pub fn depth(self) -> i64 {
        match self {
            Step::Login => 0,
            Step::LoginCode | Step::Top | Step::Auth(_) => 1,
            Step::Token(_) => 2,
            // 時刻補正 has no card step: its result follows its token step.
            Step::Confirm(_) | Step::Result(Procedure::Resync) => 3,
            Step::Result(_) => 4,
        }
    }
}

/// A screen Back may lead to. Neither needs a flow handle, so Back can never resubmit a spent step
/// or show a form the bank would refuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// ログイン.
    Login,
    /// A procedure's 利用者認証, with the 契約者ID typed there kept and the password asked again.
    Auth(Procedure),
}

impl Target {
    /// The step it shows.
    pub fn step(self) -> Step {
        match self {
            Target::Login => Step::Login,
            Target::Auth(kind) => Step::Auth(kind),
        }
    }

    /// The screen it shows.
    pub fn screen(self) -> Screen {
        match self {
            Target::Login => Screen::Login,
            Target::Auth(kind) => Screen::Auth(kind),
        }
    }
}

/// What the browser's Back does on a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Back {
    /// Leaves the bank's pages, as Back does on any site's first page.
    Leave,
    /// Shows the target at once: leaving loses nothing but what is typed on this screen.
    To(Target),
    /// Asks お手続きを中止しますか？ first; 中止する shows the target, 続ける stays.
    Ask(Target),
}

/// Where Back leads from `step`.
pub fn back_from(step: Step) -> Back {
    match step {
        Step::Login => Back::Leave,
        // Nothing is spent yet; the login flow, if any, is simply left to expire.
        Step::LoginCode | Step::Top | Step::Auth(_) => Back::To(Target::Login),
        // The flow from 利用者認証 is left unused, so nothing is lost; but the page holds no password,
        // so going on means authenticating again (the screen says so).
        Step::Token(kind) => Back::To(Target::Auth(kind)),
        // The token step is done and its code spent: the flow now waits only for the card, and
        // the token step cannot be shown again for it. Leaving ends the procedure, so ask first.
        Step::Confirm(kind) => Back::Ask(Target::Auth(kind)),
        // The flow is finished: never back into it.
        Step::Result(_) => Back::To(Target::Login),
    }
}

/// What to do to the browser's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Nothing.
    Nothing,
    /// A new entry at this position (dropping any entries ahead).
    Push(i64),
    /// Move this many entries (negative: back); the page has already moved.
    Go(i64),
}

/// What a `popstate` (the customer's Back or Forward, or the page's own move) comes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Popped {
    /// The screen stays (the page's own move arrived, or Forward, which `Effect` undoes).
    Stay(Effect),
    /// Back: show the target; `Effect` brings the history to the target's entry.
    Show(Target, Effect),
    /// Back from a step that asks first: `Effect` returns the history to the current entry while
    /// the question is open.
    Ask(Target, Effect),
    /// Back from ログイン: show ログイン (in case nothing is before) and leave (`Effect`).
    Leave(Effect),
}

/// The page's side of its history entries: the entry it is at and ログイン's, and its own move
/// under way (a `history.go` whose `popstate` has not come yet).
///
/// Positions count from the first entry the page ever marked in this tab (0), so that entries
/// left from before a reload are still in order: the reloaded page starts at ログイン on the entry it
/// was reloaded on, and Back from there leaves past all of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entries {
    at: i64,
    login: i64,
    awaiting: bool,
}

impl Entries {
    /// A page starting at ログイン on the entry at `position` (a reload's), or on a fresh entry (0).
    pub fn start(position: Option<i64>) -> Entries {
        let at = position.unwrap_or(0);
        Entries {
            at,
            login: at,
            awaiting: false,
        }
    }

    /// The entry the page is at.
    pub fn at(&self) -> i64 {
        self.at
    }

    /// The page moved to `to` by its own buttons (次へ, 戻る, ログイン画面へ, a flow restarted):
    /// one entry further for the next step, the same entry for one of the same depth, and back in
    /// the history for an earlier one, so that Back afterwards leads where [`back_from`] says.
    pub fn moved(&mut self, to: Step) -> Effect {
        let want = self.login + to.depth();
        if want > self.at {
            self.at += 1;
            self.login = self.at - to.depth();
            Effect::Push(self.at)
        } else if want == self.at {
            Effect::Nothing
        } else {
            let delta = want - self.at;
            self.at = want;
            self.awaiting = true;
            Effect::Go(delta)
        }
    }

    /// The browser moved to the entry at `position` while the page shows `current`.
    pub fn popped(&mut self, position: i64, current: Step) -> Popped {
        if std::mem::take(&mut self.awaiting) {
            // The page's own move: it has already shown its screen.
            self.at = position;
            self.login = position - current.depth();
            return Popped::Stay(Effect::Nothing);
        }
        if position == self.at {
            return Popped::Stay(Effect::Nothing);
        }
        if position > self.at {
            // Forward never skips a step: entries ahead are steps left by Back, whose flow is
            // spent or whose password step was not done again. Back to where the page is.
            self.awaiting = true;
            return Popped::Stay(Effect::Go(self.at - position));
        }
        // Back by one or more entries (a long press on Back lists them): towards the step at that
        // depth, stopping at the first step on the way that asks.
        let depth = position - self.login;
        let mut step = current;
        loop {
            match back_from(step) {
                Back::Leave => {
                    self.at = position;
                    self.login = position;
                    // Every entry of the page is at 0 or later: go before them all.
                    return Popped::Leave(Effect::Go(-(position + 1)));
                }
                Back::Ask(target) => {
                    self.awaiting = true;
                    return Popped::Ask(target, Effect::Go(self.at - position));
                }
                Back::To(target) if target.step().depth() <= depth => {
                    let want = self.login + target.step().depth();
                    self.at = want;
                    if want < position {
                        self.awaiting = true;
                        return Popped::Show(target, Effect::Go(want - position));
                    }
                    return Popped::Show(target, Effect::Nothing);
                }
                Back::To(target) => step = target.step(),
            }
        }
    }
}

/// The position a history entry's state holds, if the page wrote it: a whole number from 0 up to
/// [`MAX_POSITION`]. Anything else (another script's state, a fragment link's `null`, a forged
/// value) is not the page's.
pub fn position_of(raw: Option<f64>) -> Option<i64> {
    let raw = raw?;
    (raw.fract() == 0.0 && (0.0..=MAX_POSITION as f64).contains(&raw)).then_some(raw as i64)
}

/// Far beyond any tab's history (browsers keep about 50 entries).
pub const MAX_POSITION: i64 = 1_000_000;

#[cfg(test)]
mod tests;
