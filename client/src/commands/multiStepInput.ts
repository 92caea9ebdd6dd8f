/**
 * The input every command with prompts shares: a sequence of input boxes and quick picks that shows
 * "step x/y", a Back button from the second step, a busy bar while items load or an answer is validated,
 * validation that may ask the server (an email, a 12-digit ID, a name), and choices AWS would refuse shown with the
 * reason and refused as picked. Escape cancels the whole flow silently (`vscode.CancellationError`).
 */
import * as vscode from 'vscode';

/** A step of a flow; `when` leaves it out for some states (the step count follows). */
export interface Step<S> {
  when?: (state: S) => boolean;
  run: (input: MultiStepInput, state: S) => Promise<void>;
}

/** Thrown inside a step when the user pressed Back. */
class Back extends Error {}

export interface InputBoxOptions {
  prompt: string;
  placeholder?: string;
  value?: string;
  password?: boolean;
  /** The problem with a value, or undefined when it is fine; may be asynchronous. */
  validate?: (value: string) => string | undefined | Promise<string | undefined>;
}

export interface QuickPickOptions<T extends vscode.QuickPickItem> {
  placeholder: string;
  /**
   * The items, or a promise of them: the picker shows busy until they are there. An item with an `unavailable`
   * reason is shown but refused with that reason.
   */
  items: readonly T[] | Promise<readonly T[]>;
  canPickMany?: boolean;
  /** The problem with a choice, or undefined when it is fine. */
  validate?: (picked: readonly T[]) => string | undefined | Promise<string | undefined>;
}

/** A suggestion of a completing pick; one that `completes` puts its label in the input and keeps asking. */
export type CompletionItem = vscode.QuickPickItem & { completes?: boolean };

export interface CompletingPickOptions {
  placeholder: string;
  value?: string;
  /** The suggestions for the value as typed, asked again as it changes. */
  complete: (value: string) => Promise<CompletionItem[]>;
  /** The problem with a value, or undefined when it is an answer; a value typed need not be suggested to be accepted. */
  validate: (value: string) => string | undefined;
}

export class MultiStepInput {
  private step = 0;
  private total = 0;

  private constructor(private readonly title: string) {}

  /** Runs the steps in order (Back returns to the previous one) and answers the state they filled in. */
  static async run<S extends object>(title: string, steps: Step<S>[], state: S): Promise<S> {
    const input = new MultiStepInput(title);
    const history: number[] = [];
    let index = 0;
    while (index < steps.length) {
      const step = steps[index];
      if (step.when && !step.when(state)) {
        index++;
        continue;
      }
      const active = steps.filter((candidate) => !candidate.when || candidate.when(state));
      input.step = history.length + 1;
      input.total = history.length + active.filter((candidate) => steps.indexOf(candidate) >= index).length;
      try {
        await step.run(input, state);
        history.push(index);
        index++;
      } catch (error) {
        if (!(error instanceof Back)) throw error;
        index = history.pop() ?? 0;
      }
    }
    return state;
  }

  showInputBox(options: InputBoxOptions): Promise<string> {
    const box = vscode.window.createInputBox();
    box.password = options.password ?? false;
    box.prompt = options.prompt;
    box.placeholder = options.placeholder;
    box.value = options.value ?? '';
    let latest = 0;
    const validate = async (value: string): Promise<string | undefined> => {
      const ticket = ++latest;
      box.busy = true;
      try {
        const problem = await options.validate?.(value);
        // An answer to an older value must not overwrite the current one's.
        if (ticket === latest) box.validationMessage = problem;
        return problem;
      } finally {
        if (ticket === latest) box.busy = false;
      }
    };
    return this.show(box, (resolve, reject) => [
      box.onDidChangeValue((value) => void validate(value).catch(reject)),
      box.onDidAccept(async () => {
        box.enabled = false;
        try {
          if (!(await validate(box.value))) resolve(box.value);
        } catch (error) {
          reject(error);
        } finally {
          box.enabled = true;
        }
      }),
    ]);
  }

  async showQuickPick<T extends vscode.QuickPickItem>(options: QuickPickOptions<T>): Promise<T[]> {
    const pick = vscode.window.createQuickPick<T>();
    pick.placeholder = options.placeholder;
    pick.canSelectMany = options.canPickMany ?? false;
    pick.matchOnDescription = true;
    pick.matchOnDetail = true;
    pick.busy = true;
    const result = this.show<T[]>(pick, (resolve, reject) => [
      pick.onDidAccept(async () => {
        const picked = pick.canSelectMany ? pick.selectedItems : pick.activeItems.slice(0, 1);
        if (!picked.length) return;
        pick.busy = true;
        pick.enabled = false;
        try {
          const refused = picked.find((item) => (item as { unavailable?: string }).unavailable);
          const problem = refused ? `${refused.label.replace(/^\$\([\w-]+\) /, '')}: ${(refused as { unavailable?: string }).unavailable}` : await options.validate?.(picked);
          if (problem) {
            pick.placeholder = `${problem} ${options.placeholder}`;
            return;
          }
          resolve([...picked]);
        } catch (error) {
          reject(error);
        } finally {
          pick.busy = false;
          pick.enabled = true;
        }
      }),
    ]);
    try {
      pick.items = await options.items;
      pick.busy = false;
    } catch (error) {
      // The picker goes away with the failure, which is reported instead of a cancellation.
      result.catch(() => undefined);
      pick.hide();
      throw error;
    }
    return result;
  }

  /**
   * A value typed with suggestions for it: accepting a suggestion that completes puts it in the input and asks on,
   * accepting any other answers; a value that no suggestion continues can be accepted as typed once it is valid.
   */
  showCompletingPick(options: CompletingPickOptions): Promise<string> {
    const pick = vscode.window.createQuickPick<CompletionItem>();
    pick.placeholder = options.placeholder;
    pick.value = options.value ?? '';
    pick.matchOnDescription = true;
    let latest = 0;
    const suggest = async (value: string) => {
      const ticket = ++latest;
      pick.busy = true;
      try {
        const typed = value.trim();
        const suggestions = await options.complete(typed);
        if (ticket !== latest) return;
        // While suggestions continue what is typed, they are the choices (the first one active); a value that none
        // continues is offered as typed, or says why it is not an answer yet. A wildcard is offered first.
        const continued = suggestions.some((item) => item.label.toLowerCase().startsWith(typed.toLowerCase()));
        const problem = typed ? options.validate(typed) : undefined;
        const offered: CompletionItem[] = !typed || (continued && !/[*?]/.test(typed)) || suggestions.some((item) => item.label === typed) ? []
          : [{ label: problem ? `$(warning) ${problem}` : typed, description: problem ? '' : 'as typed', alwaysShow: true }];
        pick.items = [...offered, ...suggestions];
      } finally {
        if (ticket === latest) pick.busy = false;
      }
    };
    const result = this.show<string>(pick, (resolve, reject) => [
      pick.onDidChangeValue((value) => void suggest(value).catch(reject)),
      pick.onDidAccept(() => {
        const [active] = pick.activeItems;
        if (active?.completes) {
          pick.value = active.label;
          void suggest(active.label).catch(reject);
          return;
        }
        const answer = active && !active.label.startsWith('$(') ? active.label : pick.value.trim();
        if (!options.validate(answer)) resolve(answer);
      }),
    ]);
    void suggest(pick.value).catch(() => undefined);
    return result;
  }

  /** Shows an input with the flow's title, step and Back button; settles when it is accepted, backed out of or hidden. */
  private show<T>(
    input: vscode.QuickInput & { buttons: readonly vscode.QuickInputButton[]; onDidTriggerButton: vscode.Event<vscode.QuickInputButton> },
    listen: (resolve: (value: T) => void, reject: (error: unknown) => void) => vscode.Disposable[],
  ): Promise<T> {
    input.title = this.title;
    input.step = this.step;
    input.totalSteps = this.total;
    input.ignoreFocusOut = true;
    input.buttons = this.step > 1 ? [vscode.QuickInputButtons.Back] : [];
    const disposables: vscode.Disposable[] = [];
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const settle = (action: () => void) => {
        if (settled) return;
        settled = true;
        action();
        input.hide();
      };
      disposables.push(
        ...listen((value) => settle(() => resolve(value)), (error) => settle(() => reject(error))),
        input.onDidTriggerButton((button) => button === vscode.QuickInputButtons.Back && settle(() => reject(new Back()))),
        input.onDidHide(() => settle(() => reject(new vscode.CancellationError()))),
      );
      input.show();
    }).finally(() => {
      for (const disposable of disposables) disposable.dispose();
      input.dispose();
    });
  }
}
