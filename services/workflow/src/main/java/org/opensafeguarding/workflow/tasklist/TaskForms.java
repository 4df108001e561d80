package org.opensafeguarding.workflow.tasklist;

import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Forms of tasks, from task_form, fetched from the engine ({@code GET /v2/user-tasks/{key}/form}) the first time
 * a form key is met. A form key names one deployed version, so the stored copy never goes stale, and validating a
 * completion does not need the engine.
 */
@Component
class TaskForms {

    private final TaskEngine engine;
    private final TaskMirror mirror;

    TaskForms(TaskEngine engine, TaskMirror mirror) {
        this.engine = engine;
        this.mirror = mirror;
    }

    /** Asks the engine for the task's form and stores it. */
    Optional<TaskMirror.StoredForm> fetch(long taskKey) {
        return engine.form(taskKey).map(form -> {
            TaskMirror.StoredForm stored = new TaskMirror.StoredForm(form.formKey(), form.formId(), form.version(),
                    form.schema());
            mirror.saveForm(stored);
            return stored;
        });
    }

    /**
     * @return the task's form, empty when the task has none
     * @throws TasklistException.EngineUnavailable when the form is not stored yet and the engine cannot be asked
     */
    Optional<TaskMirror.StoredForm> stored(TaskRow task) {
        if (task.formKey() == null) {
            return Optional.empty();
        }
        Optional<TaskMirror.StoredForm> stored = mirror.form(task.formKey());
        if (stored.isPresent()) {
            return stored;
        }
        try {
            return fetch(task.taskKey());
        } catch (TaskEngine.Unreachable | TaskEngine.Rejected e) {
            throw new TasklistException.EngineUnavailable("The task's form could not be read from the engine; try again");
        }
    }

    Optional<TaskForm> of(TaskRow task) {
        return stored(task).map(s -> TaskForm.parse(s.formId(), s.schema()));
    }
}
