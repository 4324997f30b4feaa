package io.signaltest.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The classes the agent defines in the boot loader reach no class of signaltest's outside their own list: the woven JDK
 * code cannot see the application's loader, so one missing from the list fails the agent's install in every child
 * ({@code NoClassDefFoundError} in its premain).
 */
class BootClassesTest {

    @Test
    void theBootClassesReachOnlyEachOtherAndTheJdk() throws IOException {
        List<String> outside = new ArrayList<>();
        for (String name : BootClasses.NAMES) {
            for (String used : classesUsedBy(name)) {
                if (used.startsWith("io.signaltest.") && !BootClasses.NAMES.contains(used)) {
                    outside.add(name + " uses " + used);
                }
            }
        }
        assertThat(outside).as("classes to add to BootClasses.NAMES").isEmpty();
    }

    /**
     * The classes that class {@code name} needs when it is defined and when its code runs: its supertypes, and the
     * owners and types its instructions name (javac also lists in the constant pool the classes whose constants it
     * inlined, which the JVM never loads).
     */
    private static Set<String> classesUsedBy(String name) throws IOException {
        String resource = "/" + name.replace('.', '/') + ".class";
        Set<String> used = new TreeSet<>();
        try (InputStream in = BootClassesTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            new ClassReader(in).accept(new Collector(used), ClassReader.SKIP_DEBUG);
        }
        return used;
    }

    private static final class Collector extends ClassVisitor {
        private final Set<String> used;

        Collector(Set<String> used) {
            super(Opcodes.ASM9);
            this.used = used;
        }

        private void type(Type type) {
            Type element = type.getSort() == Type.ARRAY ? type.getElementType() : type;
            if (element.getSort() == Type.OBJECT) {
                used.add(element.getClassName());
            } else if (element.getSort() == Type.METHOD) {
                type(element.getReturnType());
                for (Type argument : element.getArgumentTypes()) {
                    type(argument);
                }
            }
        }

        private void internalName(String name) {
            type(Type.getObjectType(name));
        }

        @Override
        public void visit(
                int version, int access, String name, String signature, String superName, String[] interfaces) {
            if (superName != null) {
                internalName(superName);
            }
            for (String each : interfaces) {
                internalName(each);
            }
        }

        @Override
        public MethodVisitor visitMethod(
                int access, String name, String descriptor, String signature, String[] exceptions) {
            type(Type.getMethodType(descriptor));
            return new MethodVisitor(Opcodes.ASM9) {
                @Override
                public void visitTypeInsn(int opcode, String type) {
                    internalName(type);
                }

                @Override
                public void visitFieldInsn(int opcode, String owner, String fieldName, String fieldDescriptor) {
                    internalName(owner);
                    type(Type.getType(fieldDescriptor));
                }

                @Override
                public void visitMethodInsn(
                        int opcode, String owner, String methodName, String methodDescriptor, boolean isInterface) {
                    internalName(owner);
                    type(Type.getMethodType(methodDescriptor));
                }

                @Override
                public void visitInvokeDynamicInsn(
                        String indyName, String indyDescriptor, Handle bootstrap, Object... arguments) {
                    type(Type.getMethodType(indyDescriptor));
                    for (Object argument : arguments) {
                        if (argument instanceof Handle handle) {
                            internalName(handle.getOwner());
                        } else if (argument instanceof Type constant) {
                            type(constant);
                        }
                    }
                }

                @Override
                public void visitLdcInsn(Object value) {
                    if (value instanceof Type constant) {
                        type(constant);
                    }
                }

                @Override
                public void visitMultiANewArrayInsn(String arrayDescriptor, int dimensions) {
                    type(Type.getType(arrayDescriptor));
                }

                @Override
                public void visitTryCatchBlock(Label start, Label end, Label handler, String exceptionType) {
                    if (exceptionType != null) {
                        internalName(exceptionType);
                    }
                }
            };
        }
    }
}
