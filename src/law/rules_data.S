/* rules_data.S - data/rules/applicability.rules, compiled into the library. */
    .section .rodata
    .global ov__applicability_rules
    .hidden ov__applicability_rules
ov__applicability_rules:
    .incbin OV_APPLICABILITY_PATH
    .byte 0
    .section .note.GNU-stack,"",@progbits
