// A menu behind a button (the navbar's site links, account and staff corners): open and closed,
// and closed again by Escape (focus back on the button), a press outside, tabbing past its last
// item, or going to another page.
import { onBeforeUnmount, ref, watch, type ShallowRef } from 'vue';
import { useRoute } from 'vue-router';

export function useDropdown(
  wrapper: Readonly<ShallowRef<HTMLElement | null>>,
  toggle: Readonly<ShallowRef<HTMLButtonElement | null>>,
) {
  const open = ref(false);
  const route = useRoute();

  function close(returnFocus = false): void {
    open.value = false;
    if (returnFocus) toggle.value?.focus();
  }

  function closeWhenOutside(event: Event): void {
    if (event.target instanceof Node && !wrapper.value?.contains(event.target)) close();
  }

  // Tabbing past the last item closes the menu. A null target is a pointer press (handled above)
  // or Safari not focusing the link being clicked; closing then would hide the link before its
  // click lands.
  function closeWhenFocusLeaves(event: FocusEvent): void {
    if (event.relatedTarget instanceof Node && !wrapper.value?.contains(event.relatedTarget)) close();
  }

  // Only listen while open: a closed menu should cost nothing on every tap of the page.
  watch(open, (isOpen) => {
    if (isOpen) document.addEventListener('pointerdown', closeWhenOutside);
    else document.removeEventListener('pointerdown', closeWhenOutside);
  });
  watch(
    () => route.fullPath,
    () => {
      close();
    },
  );
  onBeforeUnmount(() => {
    document.removeEventListener('pointerdown', closeWhenOutside);
  });

  return { open, close, closeWhenFocusLeaves };
}
